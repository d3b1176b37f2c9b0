/**
 * What a reader of free text (a description, a suppression's reason) actually sees. Config validation and the
 * guardrail engine measure required text with it, so a reason of spaces or zero-width characters is no reason.
 */

/**
 * Characters that print as nothing: the Unicode format characters (\p{Cf}: zero-width space and joiners, word joiner,
 * BOM, soft hyphen, bidi controls, tag characters...), Hangul fillers, the Mongolian vowel separator, the combining
 * grapheme joiner, Khmer inherent vowels, variation selectors and the braille blank.
 */
// Combining marks (U+034F, U+17B4, U+17B5, variation selectors) stand alone: in a class they would combine.
const INVISIBLE =
  /[\p{Cf}\u115F\u1160\u3164\uFFA0\u180E\u2800]|\u034F|\u17B4|\u17B5|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;
/** Whitespace of every kind (NBSP, ideographic and em spaces, line and paragraph separators) and control characters. */
const BLANK = /[\s\p{Cc}\p{Zs}\p{Zl}\p{Zp}]+/gu;

/**
 * An emoji with its presentation selector (U+FE0F) and zero-width joiners to further emoji (👩‍💻, ❤️): these
 * invisible characters are part of a visible picture, so they do not count as hidden.
 */
const EMOJI_SEQUENCE = /\p{Extended_Pictographic}[\uFE0E\uFE0F]?(?:\u200D\p{Extended_Pictographic}[\uFE0E\uFE0F]?)*/gu;

/** The invisible characters in `text`, as `U+200B`..., each once, in order of appearance. */
export function invisibleCharacters(text: string): string[] {
  const found = [...text.replace(EMOJI_SEQUENCE, '').matchAll(INVISIBLE)].map(
    (m) => `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
  return [...new Set(found)];
}

/** The text as read: NFKC, invisible characters dropped, every run of blanks one space, trimmed. */
export function visibleText(text: string): string {
  return text.normalize('NFKC').replace(EMOJI_SEQUENCE, '□').replace(INVISIBLE, '').replace(BLANK, ' ').trim();
}

/** Levenshtein distance (insertions, deletions and substitutions of UTF-16 code units), for a did-you-mean. */
export function editDistance(a: string, b: string): number {
  // Row by row over `a`: `above[j]` is the distance between the characters of `a` before this row and b's first j.
  let above = Array.from({ length: b.length + 1 }, (_, j) => j);
  let distance = b.length;
  for (let i = 0; i < a.length; i++) {
    let diagonal = i; // above[j], for the next j
    let left = i + 1; // this row's previous cell
    const row = [left];
    for (const [j, up] of above.slice(1).entries()) {
      left = Math.min(up + 1, left + 1, diagonal + (a.charAt(i) === b.charAt(j) ? 0 : 1));
      row.push(left);
      diagonal = up;
    }
    above = row;
    distance = left;
  }
  return distance;
}

/** The text before the first `separator`, all of it without one: `text.split(separator)[0]`, typed as there. */
export function textBefore(text: string, separator: string): string {
  const at = text.indexOf(separator);
  return at < 0 ? text : text.slice(0, at);
}
