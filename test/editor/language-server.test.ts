import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.js';

/**
 * The schemas as researchers meet them: the real YAML language server (the one inside VS Code's
 * redhat.vscode-yaml extension) runs over stdio, is given the schema `capi schema --out` writes, and
 * must flag a wrong status, complete the four statuses and show the French help on hover.
 * Every wait is bounded; the server is shut down (then killed) at the end.
 */

const SERVER = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
const WAIT_MS = 20_000;

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { message: string };
}

interface Diagnostic {
  range: { start: { line: number; character: number } };
  message: string;
  severity?: number;
}

/** A minimal LSP client: JSON-RPC 2.0 with Content-Length framing over the server's stdio. */
class LspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiters: Array<() => void> = [];
  stderr = '';

  constructor(
    readonly server: ChildProcessWithoutNullStreams,
    private readonly settings: Record<string, unknown>,
  ) {
    server.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    server.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  send(message: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.server.stdin.write(body);
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  request(method: string, params: unknown): Promise<any> {
    const id = ++this.nextId;
    this.send({ id, method, params });
    return within(
      new Promise<Message>((resolve) => this.pending.set(id, resolve)).then((m) => {
        if (m.error) throw new Error(`${method}: ${m.error.message}`);
        return m.result;
      }),
      `the answer to ${method}`,
    );
  }

  /** Waits until the server publishes diagnostics for `uri` that satisfy `accept`. */
  diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return within(
      new Promise<Diagnostic[]>((resolve) => {
        const check = () => {
          const found = this.diagnostics.get(uri);
          if (found && accept(found)) {
            resolve(found);
            return true;
          }
          return false;
        };
        if (check()) return;
        const waiter = () => {
          if (check()) this.waiters.splice(this.waiters.indexOf(waiter), 1);
        };
        this.waiters.push(waiter);
      }),
      `diagnostics for ${path.basename(uri)}`,
    );
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.id !== undefined && message.method) {
      // requests from the server: settings are answered, everything else (registrations, progress) acknowledged
      const result =
        message.method === 'workspace/configuration'
          ? (message.params.items as Array<{ section?: string }>).map((item) => (item.section ? (this.settings[item.section] ?? null) : this.settings))
          : null;
      this.send({ id: message.id, result });
    } else if (message.id !== undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    } else if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnostics.set(message.params.uri, message.params.diagnostics);
      for (const waiter of [...this.waiters]) waiter();
    }
  }
}

/** `promise`, or a clear failure after WAIT_MS. */
/** Asks the server to shut down and exit (LSP), killing it after 3 s if it does not. */
async function stopServer(client: LspClient): Promise<void> {
  const exited = new Promise((resolve) => client.server.once('exit', resolve));
  try {
    await client.request('shutdown', null);
    client.notify('exit', null);
  } catch {
    // killed below
  }
  const timer = setTimeout(() => client.server.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the YAML language server did not send ${what} within ${WAIT_MS / 1000} s`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const STATUSES = ['brouillon', 'soumise', 'a-reviser', 'validee'];

describe('the schemas in the YAML language server (VS Code)', () => {
  let dir: string;
  let client: LspClient;
  let sheetUri: string;
  let sheetText: string;
  let statutLine: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'capi-lsp-'));
    // the schema as researchers get it
    const written = await runCli(['schema', '--kind', 're', '--out', path.join(dir, 're.schema.json')]);
    expect(written.code, written.stderr).toBe(0);
    const config = await runCli(['schema', '--kind', 'config', '--out', path.join(dir, 'config.schema.json')]);
    expect(config.code, config.stderr).toBe(0);

    // a copy of an example sheet, without its modeline (yaml.schemas maps it), with a status mistyped
    const example = readFileSync(path.join(ROOT, 'examples/re/RE-TIZ-01.yaml'), 'utf8');
    sheetText = example
      .split('\n')
      .filter((line) => !line.startsWith('# yaml-language-server:'))
      .join('\n')
      .replace(/^statut: .*$/m, 'statut: validé');
    statutLine = sheetText.split('\n').findIndex((line) => line.startsWith('statut:'));
    expect(statutLine).toBeGreaterThan(0);
    const sheetFile = path.join(dir, 'RE-TIZ-01.yaml');
    writeFileSync(sheetFile, sheetText);
    sheetUri = pathToFileURL(sheetFile).href;

    const yaml = {
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
      schemas: { [pathToFileURL(path.join(dir, 're.schema.json')).href]: ['RE-*.yaml'] },
    };
    const server = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    client = new LspClient(server, { yaml, http: {}, '[yaml]': {}, editor: {} });
    const workspace = pathToFileURL(dir).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: workspace,
      workspaceFolders: [{ uri: workspace, name: 'capi' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: {},
        },
      },
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml } });
    client.notify('textDocument/didOpen', { textDocument: { uri: sheetUri, languageId: 'yaml', version: 1, text: sheetText } });
  }, 60_000);

  afterAll(async () => {
    if (client) await stopServer(client);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('flags « statut: validé » at the statut line, with the allowed statuses', async () => {
    const diagnostics = await client.diagnosticsFor(sheetUri, (ds) => ds.length > 0);
    const atStatut = diagnostics.filter((d) => d.range.start.line === statutLine);
    expect(atStatut, JSON.stringify(diagnostics)).toHaveLength(1);
    expect(atStatut[0].severity).toBe(1);
    expect(atStatut[0].range.start.character).toBe('statut: '.length);
    for (const status of STATUSES) expect(atStatut[0].message).toContain(status);
    // the rest of the example sheet is valid
    expect(diagnostics.filter((d) => d.severity === 1)).toHaveLength(1);
  });

  it('completes the four statuses right after « statut: »', async () => {
    const completion = await client.request('textDocument/completion', {
      textDocument: { uri: sheetUri },
      position: { line: statutLine, character: 'statut: '.length },
    });
    const items = (Array.isArray(completion) ? completion : (completion?.items ?? [])) as Array<{ label: string }>;
    expect(items.map((i) => i.label).sort()).toEqual([...STATUSES].sort());
  });

  it('shows the French help of « statut » on hover (title and Markdown description)', async () => {
    const hover = await client.request('textDocument/hover', { textDocument: { uri: sheetUri }, position: { line: statutLine, character: 2 } });
    const text = typeof hover?.contents === 'string' ? hover.contents : (hover?.contents?.value ?? '');
    expect(text).toContain('Statut de la fiche');
    expect(text).toContain('cycle de relecture');
  });

  it('checks capi.config.yaml through its $schema modeline', async () => {
    const file = path.join(dir, 'capi.config.yaml');
    const text = ['# yaml-language-server: $schema=./config.schema.json', 'projet: Tests', 'logos: images/logo.png', 'editions: '].join('\n');
    writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await client.diagnosticsFor(uri, (ds) => ds.some((d) => d.range.start.line === 2));
    expect(diagnostics.find((d) => d.range.start.line === 2)?.message).toContain('logos');
    const completion = await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 'editions: '.length } });
    const labels = ((Array.isArray(completion) ? completion : (completion?.items ?? [])) as Array<{ label: string }>).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['interne', 'publique']));
  });
});

/**
 * The `$schema` line `capi new` writes, in a workspace without `capi init`: the language server gets
 * no `yaml.schemas` setting, only the line, and must load the bundled schema `capi new` wrote into
 * `.capi/schemas/` — for both kinds of sheet, offline.
 */
describe('the schema line of capi new sheets, without capi init (modeline only)', () => {
  let dir: string;
  let client: LspClient;
  const sheets: Record<'re' | 'osim', { uri: string; text: string; statutLine: number; file: string }> = {} as never;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'capi-lsp-new-'));
    const osim = await runCli(['new', 'osim', '--yes', '--association', 'Tagmat', '--siege', 'Gennevilliers', '--province', 'Tiznit', '--communes', 'Tafraout', '--auteur', 'Claire'], { cwd: dir });
    expect(osim.code, osim.stderr).toBe(0);
    const re = await runCli(['new', '--yes', '--titre', 'La piste', '--province', 'Tiznit', '--commune', 'Tafraout', '--auteur', 'Salma'], { cwd: dir });
    expect(re.code, re.stderr).toBe(0);
    for (const [kind, file] of [['re', 're/RE-TIZ-01.yaml'], ['osim', 'osim/OSIM-FR-01.yaml']] as const) {
      const abs = path.join(dir, file);
      // the sheet as written, with the status mistyped (and, on the OSIM sheet, a sector code too)
      let text = readFileSync(abs, 'utf8').replace(/^statut: brouillon$/m, 'statut: validé');
      if (kind === 'osim') text = text.replace(/^domaines:$/m, 'domaines: [eau]');
      expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=../.capi/schemas/${kind}.schema.json`);
      writeFileSync(abs, text);
      sheets[kind] = { uri: pathToFileURL(abs).href, text, statutLine: text.split('\n').findIndex((l) => l.startsWith('statut:')), file };
    }
    // no yaml.schemas mapping, no network: the modeline alone
    const yaml = { validate: true, hover: true, completion: true, schemaStore: { enable: false } };
    const server = spawn(process.execPath, [SERVER, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    client = new LspClient(server, { yaml, http: {}, '[yaml]': {}, editor: {} });
    const workspace = pathToFileURL(dir).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: workspace,
      workspaceFolders: [{ uri: workspace, name: 'capi' }],
      capabilities: {
        workspace: { configuration: true },
        textDocument: { completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } }, hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: {} },
      },
    });
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: { yaml } });
    for (const s of Object.values(sheets)) client.notify('textDocument/didOpen', { textDocument: { uri: s.uri, languageId: 'yaml', version: 1, text: s.text } });
  }, 60_000);

  afterAll(async () => {
    if (client) await stopServer(client);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it.each(['re', 'osim'] as const)('%s: flags the mistyped status with the four statuses, and nothing else on the new sheet', async (kind) => {
    const s = sheets[kind];
    const diagnostics = await client.diagnosticsFor(s.uri, (ds) => ds.some((d) => d.range.start.line === s.statutLine));
    const atStatut = diagnostics.filter((d) => d.range.start.line === s.statutLine);
    expect(atStatut, JSON.stringify(diagnostics)).toHaveLength(1);
    for (const status of STATUSES) expect(atStatut[0].message).toContain(status);
    // a schema that failed to load shows as an error on the first line
    expect(diagnostics.filter((d) => d.range.start.line === 0), JSON.stringify(diagnostics)).toEqual([]);
    if (kind === 'osim') {
      const domaines = s.text.split('\n').findIndex((l) => l.startsWith('domaines:'));
      const atDomaines = diagnostics.filter((d) => d.range.start.line === domaines);
      expect(atDomaines.map((d) => d.message).join(' '), JSON.stringify(diagnostics)).toContain('eau-potable');
      expect(diagnostics.filter((d) => d.severity === 1)).toHaveLength(2);
    } else expect(diagnostics.filter((d) => d.severity === 1)).toHaveLength(1);
  });

  it.each(['re', 'osim'] as const)('%s: completes the statuses and shows the French help on hover', async (kind) => {
    const s = sheets[kind];
    const completion = await client.request('textDocument/completion', { textDocument: { uri: s.uri }, position: { line: s.statutLine, character: 'statut: '.length } });
    const items = (Array.isArray(completion) ? completion : (completion?.items ?? [])) as Array<{ label: string }>;
    expect(items.map((i) => i.label).sort()).toEqual([...STATUSES].sort());
    const hover = await client.request('textDocument/hover', { textDocument: { uri: s.uri }, position: { line: s.statutLine, character: 2 } });
    const text = typeof hover?.contents === 'string' ? hover.contents : (hover?.contents?.value ?? '');
    expect(text).toContain('Statut de la fiche');
  });
});
