/** Photos of the DOCX: the image sized to the text width, then its caption and credit. */
import { AlignmentType, ImageRun, Paragraph } from 'docx';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Block } from '../../view/model.js';
import { t } from '../../i18n/index.js';
import { UserError } from '../../util/errors.js';
import { cleanXmlText } from './text.js';
import { TEXT_WIDTH, TEXT_HEIGHT, TWIPS_PER_PX, INK } from './layout.js';
import { textParagraph } from './paragraphs.js';

function imageType(data: Buffer): 'png' | 'jpg' | undefined {
  if (data.length > 8 && data.readUInt32BE(0) === 0x89504e47) return 'png';
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpg';
  return undefined;
}

export async function photo(block: Extract<Block, { type: 'photo' }>, total = TEXT_WIDTH): Promise<Paragraph[]> {
  let data: Buffer;
  try {
    data = await readFile(block.file);
  } catch (error) {
    throw new UserError(t('docx.photoUnreadable', { file: block.file, reason: (error as NodeJS.ErrnoException).code ?? String(error) }));
  }
  const type = imageType(data);
  if (!type) throw new UserError(t('docx.photoType', { file: block.file }));
  const ratio = block.width > 0 && block.height > 0 ? block.height / block.width : 0.75;
  let width = total / TWIPS_PER_PX;
  let height = width * ratio;
  const maxHeight = (TEXT_HEIGHT * 0.55) / TWIPS_PER_PX; // a portrait photo leaves room for its caption
  if (height > maxHeight) {
    height = maxHeight;
    width = height / ratio;
  }
  const caption = cleanXmlText(block.caption);
  const out = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: 120, after: 0 },
      children: [
        new ImageRun({
          type,
          data,
          transformation: { width: Math.round(width), height: Math.round(height) },
          altText: { name: basename(block.file), title: caption, description: caption },
        }),
      ],
    }),
  ];
  const lines = [block.caption, block.credit].filter((s) => s.trim() !== '');
  lines.forEach((line, i) => {
    out.push(
      textParagraph(
        line,
        { style: 'Caption', alignment: AlignmentType.CENTER, keepNext: i < lines.length - 1, spacing: i < lines.length - 1 ? { after: 0 } : undefined },
        i === 0 ? { italics: false, color: INK } : {},
      ),
    );
  });
  return out;
}
