// Date and DateTime checked at the gateway. The supergraph declares them as custom scalars, which
// the gateway otherwise passes through unchecked: a malformed value then reached the subgraph,
// which refused the whole fetch — the message named an internal variable (`$_v0_window`), and
// every other field of that fetch was lost. Checked here, the client gets a validation error that
// names the argument, before any subgraph is called.
//
// The forms accepted are a subset of what the subgraphs parse (Python's date.fromisoformat and
// dateutil's isoparse), so whatever passes here also passes there. Values stay strings.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:[Zz]|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

function isCalendarDay(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isCalendarDay(m[1], m[2], m[3]);
}

export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null || !isCalendarDay(m[1], m[2], m[3])) return false;
  const [hour, minute, second, offsetHours, offsetMinutes] = m.slice(4).map((v) => (v === undefined ? 0 : Number(v)));
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}

function checkedScalar(name: string, check: (value: string) => boolean, form: string, description: string) {
  const message = `${name} 格式应为 ${form} / a ${name} is written ${form}`;
  // graphql-js adds the value and where it was found to either: a literal's plain Error becomes
  // 'Expected value of type "Date!", found "2025-13-01"; …' (validation); a variable's must be a
  // GraphQLError to become 'Variable "$w" got invalid value "2025-13-01" at "w.start"; …' — any
  // other error would be masked as an internal one.
  const parse = (value: unknown, refuse: () => Error): string => {
    if (typeof value !== 'string' || !check(value)) throw refuse();
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => value,
    parseValue: (value) => parse(value, () => new GraphQLError(message)),
    parseLiteral: (node: ValueNode) =>
      parse(node.kind === Kind.STRING ? node.value : null, () => new TypeError(message)),
  });
}

export const DateScalar = checkedScalar('Date', isDate, 'YYYY-MM-DD', 'Date (isoformat)');
export const DateTimeScalar = checkedScalar(
  'DateTime',
  isDateTime,
  'YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|±HH:MM]',
  'Date with time (isoformat)',
);
