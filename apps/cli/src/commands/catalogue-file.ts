import {
  createCatalogue,
  defaultCatalogue,
  type Catalogue,
  type CatalogueFile,
} from '@podnet/aws-planner';
import { UsageError } from '../support/errors';
import type { CliIo } from '../support/io';

/** The bundled catalogue, or the one in `path` (written by `podnet catalogue refresh`). */
export function loadCatalogue(io: CliIo, path: string | undefined): Catalogue {
  if (path === undefined) return defaultCatalogue();
  let file: CatalogueFile;
  try {
    file = JSON.parse(io.readFile(path)) as CatalogueFile;
  } catch (error) {
    throw new UsageError(`${path}: cannot read a catalogue: ${(error as Error).message}`);
  }
  if (
    file === null ||
    typeof file !== 'object' ||
    file.schemaVersion !== 1 ||
    !Array.isArray(file.instanceTypes)
  ) {
    throw new UsageError(`${path}: not a podnet catalogue (schemaVersion 1 with instanceTypes[])`);
  }
  return createCatalogue(file);
}
