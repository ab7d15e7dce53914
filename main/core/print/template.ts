/**
 * Badge templates: declarative layouts (data, not code) shipped as JSON in printer-templates/ and
 * validated here. One template drives every renderer (PDF, ZPL, ESC/POS), so a venue changes the
 * badge once and each printer it owns follows.
 *
 * Layout model: a page with margins, and an ordered list of blocks stacked top to bottom. A block
 * whose content is empty (no company, no free fields, no logo configured) takes no space at all,
 * which is how "a missing field leaves no gap" holds. A `row` puts columns side by side (e.g. the
 * QR code beside the name on a landscape badge).
 */
import { z } from 'zod';

const align = z.enum(['left', 'center', 'right']);
const mm = z.number().positive().max(1000);

/** A text source on the badge. `field:NAME` reads a free badge field ("Track", "Table"…). */
const textSource = z.union([
  z.enum(['company', 'ticketType', 'eventName', 'email']),
  z.string().regex(/^field:.{1,64}$/, 'field:NAME'),
]);

const bandBlock = z.object({
  type: z.literal('band'),
  heightMm: mm,
  /** What the band says; the band takes the ticket type's colour. */
  text: textSource.default('ticketType'),
  fontPt: z.number().min(4).max(72).default(14),
  /** Full-bleed: the band runs into the page margins (a coloured strip at the top). */
  bleed: z.boolean().default(true),
});

const logoBlock = z.object({
  type: z.literal('logo'),
  heightMm: mm,
  align: align.default('center'),
});

const nameBlock = z.object({
  type: z.literal('name'),
  maxFontPt: z.number().min(6).max(200),
  minFontPt: z.number().min(4).max(200),
  maxLines: z.number().int().min(1).max(4).default(2),
  align: align.default('center'),
  bold: z.boolean().default(true),
});

const textBlock = z.object({
  type: z.literal('text'),
  source: textSource,
  fontPt: z.number().min(4).max(100),
  /** Long values shrink down to this size, then are cut with an ellipsis. */
  minFontPt: z.number().min(4).max(100).optional(),
  maxLines: z.number().int().min(1).max(4).default(1),
  align: align.default('center'),
  bold: z.boolean().default(false),
});

const fieldsBlock = z.object({
  type: z.literal('fields'),
  fontPt: z.number().min(4).max(60),
  /** Free fields to show, in order; empty: all of the attendee's badge fields. */
  only: z.array(z.string().max(64)).default([]),
  align: align.default('center'),
  max: z.number().int().min(1).max(20).default(6),
});

const qrBlock = z.object({
  type: z.literal('qr'),
  sizeMm: mm,
  align: align.default('center'),
  errorCorrection: z.enum(['L', 'M', 'Q', 'H']).default('M'),
});

const spacerBlock = z.object({ type: z.literal('spacer'), heightMm: mm });

type Leaf =
  | z.infer<typeof bandBlock>
  | z.infer<typeof logoBlock>
  | z.infer<typeof nameBlock>
  | z.infer<typeof textBlock>
  | z.infer<typeof fieldsBlock>
  | z.infer<typeof qrBlock>
  | z.infer<typeof spacerBlock>;

export interface RowBlock {
  type: 'row';
  gapMm: number;
  columns: Array<{ widthMm: number | null; blocks: Block[] }>;
}
export type Block = Leaf | RowBlock;

const leafBlock = z.discriminatedUnion('type', [bandBlock, logoBlock, nameBlock, textBlock, fieldsBlock, qrBlock, spacerBlock]);
const rowBlock = z.object({
  type: z.literal('row'),
  gapMm: z.number().min(0).max(50).default(3),
  columns: z
    .array(z.object({ widthMm: mm.nullable().default(null), blocks: z.array(leafBlock).min(1) }))
    .min(2)
    .max(3),
});
const block = z.union([leafBlock, rowBlock]);

export const templateSchema = z
  .object({
    format: z.literal('arrivals-badge-template'),
    /** The format's version: a loader refuses a template written for a format it does not know. */
    version: z.literal(1),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/),
    title: z.string().min(1).max(80),
    /** Stock the template is laid out for, for `arrivals templates` and the UI. */
    stock: z.string().min(1).max(80),
    page: z.object({
      widthMm: mm,
      /** null: continuous roll (80 mm receipt); the page is as long as its content. */
      heightMm: mm.nullable(),
      marginMm: z.number().min(0).max(30).default(4),
    }),
    /** Vertical space between stacked blocks. */
    gapMm: z.number().min(0).max(20).default(2),
    /** How ESC/POS (text-mode thermal) renders it: columns of font A on this paper. */
    escpos: z.object({ columns: z.number().int().min(24).max(64).default(48), nameMaxScale: z.number().int().min(1).max(8).default(3) }).default({ columns: 48, nameMaxScale: 3 }),
    blocks: z.array(block).min(1),
  })
  .superRefine((t, ctx) => {
    const walk = (blocks: Block[]) => {
      for (const b of blocks) {
        if (b.type === 'name' && b.minFontPt > b.maxFontPt) ctx.addIssue({ code: 'custom', message: 'name: minFontPt above maxFontPt' });
        if (b.type === 'row') b.columns.forEach((c) => walk(c.blocks));
      }
    };
    walk(t.blocks as Block[]);
  });

export type BadgeTemplate = Omit<z.infer<typeof templateSchema>, 'blocks'> & { blocks: Block[] };

export function parseTemplate(raw: unknown, origin: string): BadgeTemplate {
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`template ${origin} is invalid: ${issues}`);
  }
  return parsed.data as BadgeTemplate;
}
