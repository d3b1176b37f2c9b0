/** Required free text (descriptions, comments, reasons) must say something a reader can see. */
import { z } from 'zod';
import { invisibleCharacters, visibleText } from '../domain/text';

/**
 * A string with at least `min` visible characters (domain/text.ts: whitespace of any kind does not count) and no
 * invisible characters (a zero-width space, bidi controls...), which would hide what a reviewer reads.
 */
export function meaningfulText(min = 1) {
  return z.string().superRefine((text, ctx) => {
    const hidden = invisibleCharacters(text);
    if (hidden.length)
      ctx.addIssue({
        code: 'custom',
        message: `contains invisible characters (${hidden.join(', ')}): a reviewer cannot see what it says`,
        params: { fix: 'retype it without them' },
      });
    const visible = visibleText(text).length;
    if (visible < min)
      ctx.addIssue({
        code: 'custom',
        message:
          min <= 1
            ? 'must not be empty or only whitespace'
            : `must have at least ${min} visible characters (it has ${visible})`,
        params: { fix: min <= 1 ? 'write the text, or leave the field out if it is optional' : 'say more' },
      });
  });
}
