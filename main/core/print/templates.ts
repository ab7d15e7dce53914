/**
 * The template catalogue: the templates shipped in printer-templates/ (bundled into the build, so
 * a packaged kiosk always has them), plus any `*.json` a venue drops in `<data>/templates/`, which
 * win over a shipped template of the same name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArrivalsError } from '../../../common/contract/index';
import badge4x3 from '../../../printer-templates/badge-4x3.json';
import badge4x6 from '../../../printer-templates/badge-4x6.json';
import label62x100 from '../../../printer-templates/label-62x100.json';
import receipt80 from '../../../printer-templates/receipt-80mm.json';
import { parseTemplate, type BadgeTemplate } from './template';

let shipped: BadgeTemplate[] | undefined;

/** The shipped templates, checked on first use (not when a kiosk opens: a check-in prints nothing). */
export function shippedTemplates(): BadgeTemplate[] {
  return (shipped ??= [badge4x3, badge4x6, label62x100, receipt80].map((t) => parseTemplate(t, `printer-templates/${t.name}.json`)));
}

export const defaultTemplateName = 'badge-4x3';

export function loadTemplates(dataDir: string | null): BadgeTemplate[] {
  const byName = new Map(shippedTemplates().map((t) => [t.name, t]));
  const dir = dataDir ? join(dataDir, 'templates') : null;
  if (dir && existsSync(dir)) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        throw new ArrivalsError('bad_input', `template ${file} is not valid JSON: ${(error as Error).message}`);
      }
      try {
        const template = parseTemplate(raw, file);
        byName.set(template.name, template);
      } catch (error) {
        throw new ArrivalsError('bad_input', (error as Error).message);
      }
    }
  }
  return [...byName.values()];
}

export function findTemplate(templates: BadgeTemplate[], name: string): BadgeTemplate {
  const template = templates.find((t) => t.name === name);
  if (!template) throw new ArrivalsError('not_found', `unknown template "${name}" (known: ${templates.map((t) => t.name).join(', ')})`);
  return template;
}
