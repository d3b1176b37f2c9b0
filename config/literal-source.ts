/**
 * Config files are read, never run ("parse, don't run"): each file is parsed with the TypeScript parser (syntax
 * only, no type checking) and its value is built from the syntax tree of `export default define*({...})`. No code of
 * a config file runs, so a team file cannot import, read or change another team's config, the process or anything
 * else; every object is a fresh plain object whose keys are exactly the ones written.
 *
 * The same walk reports what the file's text says and its value cannot: syntax errors, duplicate keys (JavaScript
 * would silently keep the last), keys JavaScript treats specially (`__proto__`, `constructor`, `prototype`),
 * imports other than the define module, and anything that is code rather than data. Each with line and column, and
 * the field path where it is inside the value.
 */
import type * as TS from 'typescript';
import type { ConfigIssue } from './errors';
import type { SourceLocation } from './sources';

/**
 * Keys that a JavaScript object literal does not treat as plain fields (or that every object already has). A Map:
 * in an object literal, `__proto__` itself would set the prototype instead of being a key.
 */
const SPECIAL_KEYS: ReadonlyMap<string, string> = new Map([
  [
    '__proto__',
    'in an object literal it sets the prototype instead of a field, so values would be read from elsewhere',
  ],
  ['constructor', 'every JavaScript object already has it, so lookups by this name can find the wrong value'],
  ['prototype', 'it names the prototype machinery of JavaScript objects'],
]);

export interface LiteralSourceOptions {
  /** The one module the file may import (team files `../define`, environments.ts and platform.ts `./define`). */
  readonly defineModule: string;
  /** How the file's export is written, for messages: `export default defineTeam({...})`. */
  readonly exportForm: string;
}

export interface LiteralSource {
  /** The default export's value; undefined when the file has a syntax error, code, or no default export. */
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  /** Where the value at each field path starts (paths as `formatPath` prints them; '' is the whole value). */
  readonly locations: Map<string, SourceLocation>;
}

/**
 * The TypeScript compiler, loaded on first use: processes that never read a config file (synthesis workers) do not
 * pay for its 9 MB.
 */
let ts: typeof TS;
function loadTypeScript(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ts ??= require('typescript') as typeof TS;
}

/** Internal field of TypeScript's source files; the public fallback below gives the same diagnostics, slower. */
type WithParseDiagnostics = { readonly parseDiagnostics?: readonly TS.Diagnostic[] };

/** Syntax errors of a parsed file. */
export function syntaxDiagnostics(sf: TS.SourceFile, publicApiOnly = false): readonly TS.Diagnostic[] {
  loadTypeScript();
  const internal = (sf as unknown as WithParseDiagnostics).parseDiagnostics;
  if (!publicApiOnly && Array.isArray(internal)) return internal;
  // If a TypeScript release drops the internal field: a one-file program without resolution or libraries.
  const host = ts.createCompilerHost({ noResolve: true, noLib: true });
  host.getSourceFile = (name) => (name === sf.fileName ? sf : undefined);
  return ts.createProgram([sf.fileName], { noResolve: true, noLib: true }, host).getSyntacticDiagnostics(sf);
}

class NotData extends Error {}

/** Parses `text` (the file `file`, as shown in messages) and builds its default export's value. */
export function readLiteralSource(file: string, text: string, options: LiteralSourceOptions): LiteralSource {
  loadTypeScript();
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const issues: ConfigIssue[] = [];
  const locations = new Map<string, SourceLocation>();
  const position = (pos: number) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    return { line: line + 1, column: character + 1 };
  };
  const report = (node: TS.Node | number, path: string, issue: Omit<ConfigIssue, 'file' | 'path'>) =>
    issues.push({ file, path, ...position(typeof node === 'number' ? node : node.getStart(sf)), ...issue });

  const syntax = syntaxDiagnostics(sf);
  if (syntax.length > 0) {
    for (const d of syntax) {
      report(d.start ?? 0, '', {
        message: `is not valid TypeScript here: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (TS${d.code})`,
        fix: 'fix the syntax at this line and column (your editor underlines it); nothing of this file was read',
      });
    }
    return { value: undefined, issues, locations };
  }

  // Imports: only the define module, as a static import (types only: define* change nothing at run time).
  const defineNames = new Set<string>();
  let value: unknown;
  let exported = false;
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement)) {
      const spec = ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : '?';
      if (spec !== options.defineModule) {
        report(statement, '', {
          message: `imports "${spec}": this file may import only "${options.defineModule}"`,
          given: spec,
          fix:
            options.defineModule === '../define'
              ? "remove the import. Config files are data, read without running them; to use another team's data, list it in snowflake.reads ('<team>.<SCHEMA>')"
              : 'remove the import. Config files are data, read without running them',
        });
        continue;
      }
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) defineNames.add(el.name.text);
      continue;
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && !exported) {
      exported = true;
      const argument = defineArgument(statement.expression, defineNames);
      if (argument === undefined) {
        report(statement.expression, '', {
          message: `must export its value as \`${options.exportForm}\``,
          fix: `write \`${options.exportForm}\` with the value written out inside`,
        });
        continue;
      }
      try {
        locate(argument, '');
        value = evaluate(argument, '');
      } catch (e) {
        if (!(e instanceof NotData)) throw e;
      }
      continue;
    }
    report(statement, '', {
      message: `holds \`${snippet(statement)}\`: a config file holds only the import of "${options.defineModule}" and one \`${options.exportForm}\``,
      fix: 'remove the statement and write the value out literally; config files are read as data, never run',
    });
  }
  if (!exported) {
    issues.push({
      file,
      path: '',
      message: 'has no default export',
      fix: `end the file with \`${options.exportForm}\``,
    });
  }
  return { value, issues, locations };

  function snippet(node: TS.Node): string {
    const t = node.getText(sf).replace(/\s+/g, ' ');
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  }

  function notData(node: TS.Node, path: string): never {
    report(node, path, {
      message: `must be plain data (strings, numbers, booleans, null, arrays and objects), not code: \`${snippet(node)}\``,
      fix: 'write the value out literally; config files are read as data, never run',
    });
    throw new NotData();
  }

  function locate(node: TS.Node, path: string, end: TS.Node = node) {
    locations.set(path, { ...position(node.getStart(sf)), endLine: position(end.getEnd()).line });
  }

  function evaluate(node: TS.Expression, path: string): unknown {
    const e = unwrap(node);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ''));
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand))
      return -Number(e.operand.text.replace(/_/g, ''));
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (e.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isIdentifier(e) && e.text === 'undefined') return undefined;
    if (ts.isArrayLiteralExpression(e)) {
      const out: unknown[] = [];
      let failed = false;
      e.elements.forEach((element, i) => {
        const at = `${path}[${i}]`;
        try {
          if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) notData(element, at);
          locate(element, at);
          out.push(evaluate(element, at));
        } catch (error) {
          if (!(error instanceof NotData)) throw error;
          failed = true; // keep walking: every problem of the file is reported at once
        }
      });
      if (failed) throw new NotData();
      return out;
    }
    if (ts.isObjectLiteralExpression(e)) return evaluateObject(e, path);
    return notData(e, path);
  }

  function evaluateObject(e: TS.ObjectLiteralExpression, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const first = new Map<string, TS.Node>();
    let failed = false;
    for (const property of e.properties) {
      try {
        const key = ts.isPropertyAssignment(property) ? propertyKey(property.name) : undefined;
        if (!ts.isPropertyAssignment(property) || key === undefined) notData(property, path); // shorthand, spread, method, accessor or a computed key
        const at = path === '' ? key : `${path}.${key}`;
        const previous = first.get(key);
        if (previous) {
          report(property.name, at, {
            message: `"${key}" is given twice in this object (first on line ${position(previous.getStart(sf)).line}): JavaScript would silently keep only the last one`,
            given: key,
            fix: 'remove one of them (or merge them into one)',
          });
        } else first.set(key, property);
        const special = SPECIAL_KEYS.get(key);
        if (special) {
          report(property.name, at, {
            message: `uses the key "${key}": ${special}`,
            given: key,
            fix: `remove or rename "${key}"`,
          });
          continue;
        }
        locate(property, at, property.initializer);
        // defineProperty, not assignment: no key can reach a setter of Object.prototype.
        Object.defineProperty(out, key, {
          value: evaluate(property.initializer, at),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } catch (error) {
        if (!(error instanceof NotData)) throw error;
        failed = true;
      }
    }
    if (failed) throw new NotData();
    return out;
  }
}

/** `x`, `(x)`, `x as T`, `x satisfies T`, `<T>x`, `x!`: the expression without type-only wrappers. */
function unwrap(node: TS.Expression): TS.Expression {
  let e = node;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isNonNullExpression(e)
  )
    e = e.expression;
  return e;
}

/** The argument of `define*(<argument>)` with a define function imported from the define module. */
function defineArgument(expression: TS.Expression, defineNames: ReadonlySet<string>): TS.Expression | undefined {
  const e = unwrap(expression);
  if (!ts.isCallExpression(e) || e.arguments.length !== 1 || e.typeArguments) return undefined;
  const callee = unwrap(e.expression);
  return ts.isIdentifier(callee) && defineNames.has(callee.text) ? e.arguments[0] : undefined;
}

/** A literal key as JavaScript names it: `name`, `'name'` and `["name"]` alike; `1`, `1.0` and `0x1` are "1". */
function propertyKey(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isNumericLiteral(name)) return String(Number(name.text.replace(/_/g, '')));
  if (ts.isComputedPropertyName(name)) {
    const e = name.expression;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return String(Number(e.text.replace(/_/g, '')));
  }
  return undefined;
}
