import { dirname, resolve } from 'node:path';
import { parseAllDocuments, isMap, isSeq, type Document } from 'yaml';
import { UsageError } from './errors';
import type { CliIo } from './io';

/** A design's `workloads: [{file: path}]` item. */
function fileRef(item: unknown): string | null {
  if (!isMap(item) || item.items.length !== 1) return null;
  const value = item.get('file');
  return typeof value === 'string' ? value : null;
}

function documentsOf(text: string): Document[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return []; // an empty stream
  return docs.filter((d) => d.contents !== null);
}

/**
 * The input files as one self-contained multi-document YAML text, as the service stores a version: every
 * document of every file in order, and each `workloads: [{file: path}]` reference of a ClusterDesign replaced by
 * that file's documents appended after it (paths relative to the design's file, as `podnet validate` reads them).
 * Comments and key order are kept. The caller validates the files first (`loadFiles`), so syntax is known good.
 */
export function bundleFiles(io: CliIo, files: readonly string[]): string {
  const out: string[] = [];
  for (const file of files) {
    const text = io.readFile(file);
    for (const doc of documentsOf(text)) {
      const appended: string[] = [];
      const workloads = doc.get('workloads');
      if (doc.get('kind') === 'ClusterDesign' && isSeq(workloads)) {
        for (const item of [...workloads.items]) {
          const ref = fileRef(item);
          if (ref === null) continue;
          const path = file === '-' ? ref : resolve(dirname(file), ref);
          let referenced: string;
          try {
            referenced = io.readFile(path);
          } catch (error) {
            throw new UsageError(`${file}: workloads file ${ref}: cannot read: ${(error as Error).message}`);
          }
          appended.push(...documentsOf(referenced).map((d) => d.toString()));
          workloads.items.splice(workloads.items.indexOf(item), 1);
        }
        if (workloads.items.length === 0) doc.delete('workloads');
      }
      out.push(doc.toString(), ...appended);
    }
  }
  return out.map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n');
}
