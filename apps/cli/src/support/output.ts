import Table from 'cli-table3';
import { stringify as toYaml } from 'yaml';
import { UsageError } from './errors';

export type OutputFormat = 'json' | 'yaml' | 'table' | 'md' | 'csv' | 'txt';

/** Renderers a command offers besides json and yaml (which every command gets). */
export interface Renderers {
  table?: () => string;
  md?: () => string;
  csv?: () => string;
  txt?: () => string;
}

/**
 * Renders a command's result: json/yaml from the data, the others from the command's own renderers.
 * Output always ends with a newline.
 */
export function renderOutput(format: string, data: unknown, renderers: Renderers = {}): string {
  const fmt = format as OutputFormat;
  let text: string;
  switch (fmt) {
    case 'json':
      text = JSON.stringify(data, null, 2);
      break;
    case 'yaml':
      text = toYaml(data);
      break;
    case 'table':
    case 'md':
    case 'csv':
    case 'txt': {
      const render = renderers[fmt];
      if (!render) throw new UsageError(`output format ${format} is not available for this command (try ${['json', 'yaml', ...Object.keys(renderers)].join(', ')})`);
      text = render();
      break;
    }
    default:
      throw new UsageError(`unknown output format ${JSON.stringify(format)} (json, yaml, table, md, csv, txt)`);
  }
  return text.endsWith('\n') ? text : `${text}\n`;
}

/** A plain table (no colour unless on a TTY), for the human default output. */
export function table(head: string[], rows: (string | number)[][], color = false): string {
  const t = new Table({ head, style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] } });
  t.push(...rows.map((r) => r.map(String)));
  return t.toString();
}

/** A Markdown table. */
export function markdownTable(head: string[], rows: (string | number)[][]): string {
  const esc = (v: string | number) => String(v).replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** RFC 4180 CSV. */
export function csv(head: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [head, ...rows].map((r) => r.map(cell).join(',')).join('\n');
}
