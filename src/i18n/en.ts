import type { Catalogue } from './index.js';

/** Messages in English (same keys as the French catalogue). */
export const en: Catalogue = {
  'browser.notFound':
    'No Chrome or Chromium browser found to produce PDFs.\n' +
    '  Install one, then run again:\n' +
    '    - Debian/Ubuntu: sudo apt-get install chromium\n' +
    '    - macOS or Windows: install Google Chrome (https://www.google.com/chrome/)\n' +
    '    - or: npx @puppeteer/browsers install chrome@stable\n' +
    '  You can also give its path in the CAPI_BROWSER variable.\n' +
    '  To produce DOCX files only: capi render --format docx',

  // render: HTML/PDF (labels printed in the sheets)
  'sheet.page': 'Page {page} / {pages}',
  'sheet.authors': 'Written by:',
  'sheet.summary': 'At a glance',
  'sheet.province': 'province of',
  'sheet.douars': 'Douars:',
  'sheet.notPublishable': 'Not for publication — internal edition',
  'sheet.source': 'Source: {file}',
  'pdf.failed': 'Could not produce the PDF {file}: {reason}',
  'browser.launchFailed': 'The browser {path} could not start: {reason}',
  'browser.badPath': 'The variable {variable} names the browser {path}, which does not exist or cannot be run.',
};
