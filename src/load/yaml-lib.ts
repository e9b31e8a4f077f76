import { createRequire } from 'node:module';

/** The `yaml` package's module (its Node build is CommonJS: the same instance an `import` would give). */
type YamlLib = typeof import('yaml');

let lib: YamlLib | undefined;

/**
 * The `yaml` package, loaded on first call. `validate` reads well-formed sheets with js-yaml and needs
 * `yaml` (its documents give positions) only for a sheet with a problem to locate: loading its sixty
 * modules up front cost ~50 ms of every run's start (issue 14), for a thousand clean sheets as for one.
 * Its Node build is CommonJS, so `require` gives at once the very module an `import` would (same
 * classes: `isMap` and the rest hold across both).
 */
export function yamlLib(): YamlLib {
  return (lib ??= createRequire(import.meta.url)('yaml') as YamlLib);
}
