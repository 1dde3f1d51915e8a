import { describe, expect, it } from 'vitest';
import { Table } from './table.js';

interface Row {
  name: string;
  status: string;
  note: string;
}

const columns = [
  { header: 'NAME', cell: (r: Row) => r.name },
  { header: 'STATUS', cell: (r: Row) => r.status, status: true },
  { header: 'NOTE', cell: (r: Row) => r.note },
];

function table(rows: Row[]): Table<Row> {
  const t = new Table(columns);
  t.add(rows);
  return t;
}

describe('Table', () => {
  it('aligns columns two spaces apart, pads no trailing spaces, prints the header once', () => {
    const t = table([{ name: 'a-long-name', status: 'Online', note: '' }]);
    t.add([{ name: 'b', status: 'Error', note: 'n' }]);
    expect(t.render(false)).toBe(
      'NAME         STATUS  NOTE\n' + //
        'a-long-name  Online\n' +
        'b            Error   n\n',
    );
  });

  it('an empty table is its header', () => {
    expect(table([]).render(false)).toBe('NAME  STATUS  NOTE\n');
  });

  it('colours the header and the status words only when asked, without shifting the columns', () => {
    const coloured = table([
      { name: 'x', status: 'Online', note: 'Error' },
      { name: 'y', status: 'Unknown', note: '' },
    ]).render(true);
    expect(coloured).toBe(
      '\x1b[1mNAME\x1b[0m  \x1b[1mSTATUS\x1b[0m   \x1b[1mNOTE\x1b[0m\n' +
        'x     \x1b[32mOnline\x1b[0m   Error\n' +
        'y     Unknown\n',
    );
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(
      table([
        { name: 'x', status: 'Online', note: 'Error' },
        { name: 'y', status: 'Unknown', note: '' },
      ]).render(false),
    );
  });
});
