// @ts-check
// django-ninja request validation, reduced to what the ArchiveBox routes need (server-apis.md
// B4): pydantic 2 lax coercion, 422 bodies with `loc` paths, unknown fields ignored, defaults.

/**
 * @typedef {'str' | 'int' | 'bool' | 'list[str]' | 'object' | 'str|null' | 'bool|null' | 'int|null'} FieldType
 * @typedef {{ type: FieldType, default?: unknown, required?: boolean }} FieldSpec
 * @typedef {Record<string, FieldSpec>} Schema
 * @typedef {{ type: string, loc: (string | number)[], msg: string, input?: unknown }} PydanticError
 */

/**
 * @param {unknown} value
 * @param {FieldType} type
 * @param {(string | number)[]} loc
 * @param {PydanticError[]} errors
 */
function coerce(value, type, loc, errors) {
  if (type.endsWith('|null')) {
    if (value === null) return null;
    return coerce(value, /** @type {FieldType} */ (type.slice(0, -5)), loc, errors);
  }
  switch (type) {
    case 'str':
      if (typeof value === 'string') return value;
      errors.push({
        type: 'string_type',
        loc,
        msg: 'Input should be a valid string',
        input: value,
      });
      return undefined;
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
      errors.push(
        typeof value === 'string'
          ? {
              type: 'int_parsing',
              loc,
              msg: 'Input should be a valid integer, unable to parse string as an integer',
              input: value,
            }
          : { type: 'int_type', loc, msg: 'Input should be a valid integer', input: value },
      );
      return undefined;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      if (typeof value === 'string') {
        const v = value.toLowerCase();
        if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
        if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
        errors.push({
          type: 'bool_parsing',
          loc,
          msg: 'Input should be a valid boolean, unable to interpret input',
          input: value,
        });
        return undefined;
      }
      errors.push({ type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: value });
      return undefined;
    case 'list[str]':
      if (!Array.isArray(value)) {
        errors.push({ type: 'list_type', loc, msg: 'Input should be a valid list', input: value });
        return undefined;
      }
      return value.map((item, i) => coerce(item, 'str', [...loc, i], errors));
    case 'object':
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
      errors.push({
        type: 'dict_type',
        loc,
        msg: 'Input should be a valid dictionary',
        input: value,
      });
      return undefined;
    default:
      return value;
  }
}

/**
 * Validates a JSON body against a schema. Unknown fields are dropped silently, as ninja does.
 * @param {unknown} body
 * @param {Schema} schema
 * @param {string} param The view's parameter name, which appears in `loc` (e.g. "args").
 * @returns {{ value: Record<string, any> } | { errors: PydanticError[] }}
 */
export function validate(body, schema, param) {
  /** @type {PydanticError[]} */
  const errors = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return {
      errors: [
        {
          type: 'model_attributes_type',
          loc: ['body', param],
          msg: 'Input should be a valid dictionary or object to extract fields from',
          input: body,
        },
      ],
    };
  }
  const input = /** @type {Record<string, unknown>} */ (body);
  /** @type {Record<string, any>} */
  const value = {};
  for (const [name, spec] of Object.entries(schema)) {
    const loc = ['body', param, name];
    if (!(name in input)) {
      if (spec.required) errors.push({ type: 'missing', loc, msg: 'Field required' });
      else value[name] = typeof spec.default === 'function' ? spec.default() : spec.default;
      continue;
    }
    value[name] = coerce(input[name], spec.type, loc, errors);
  }
  // ninja answers without `input`; keep the body lean like the real one.
  return errors.length > 0
    ? { errors: errors.map(({ type, loc, msg }) => ({ type, loc, msg })) }
    : { value };
}
