/**
 * Levenshtein edit distance between two strings.
 *
 * @example
 * editDistance('m5.larg', 'm5.large') // => 1
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function familyOf(name: string): string {
  const dot = name.indexOf('.');
  return dot === -1 ? name : name.slice(0, dot);
}

/**
 * The known names nearest to `wanted`: smallest edit distance first, names of the same family (`m5` in
 * `m5.larg`) before others at equal distance, then alphabetical. Deterministic.
 *
 * @example
 * nearestNames('m5.larg', ['m5.large', 'm5.xlarge', 'c5.large']) // => ['m5.large', 'c5.large', 'm5.xlarge']
 */
export function nearestNames(wanted: string, known: readonly string[], limit = 3): string[] {
  const target = wanted.trim().toLowerCase();
  const family = familyOf(target);
  return known
    .map((name) => ({
      name,
      distance: editDistance(target, name),
      sameFamily: familyOf(name) === family,
    }))
    .sort(
      (x, y) =>
        x.distance - y.distance ||
        Number(y.sameFamily) - Number(x.sameFamily) ||
        (x.name < y.name ? -1 : x.name > y.name ? 1 : 0),
    )
    .slice(0, limit)
    .map((entry) => entry.name);
}
