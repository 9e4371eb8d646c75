import { describe, expect, it } from 'vitest';
import {
  isStorableText,
  jsonNeedsCleaning,
  jsonNestsDeeperThan,
  storableDocument,
  storableText,
  xmlNestsDeeperThan,
} from './storable';

const nestedJson = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('nesting depth', () => {
  it('counts JSON objects and arrays, not brackets inside strings', () => {
    expect(jsonNestsDeeperThan(nestedJson(32))).toBe(false);
    expect(jsonNestsDeeperThan(nestedJson(33))).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(100)}"}`)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\"${'{'.repeat(100)}"}`)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":${nestedJson(40)}}`)).toBe(true);
  });

  it('scans 30,000 levels without recursion', () => {
    expect(jsonNestsDeeperThan(nestedJson(30_000))).toBe(true);
    expect(xmlNestsDeeperThan(`${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}`)).toBe(true);
  });

  it('counts XML elements, not self-closing tags, comments, CDATA or declarations', () => {
    const nested = (levels: number) => `${'<a x="1">'.repeat(levels)}${'</a>'.repeat(levels)}`;
    expect(xmlNestsDeeperThan(nested(32))).toBe(false);
    expect(xmlNestsDeeperThan(nested(33))).toBe(true);
    const flat = `<?xml version="1.0"?><event>${'<b/>'.repeat(100)}<!-- ${'<c>'.repeat(100)} --><![CDATA[${'<d>'.repeat(100)}]]></event>`;
    expect(xmlNestsDeeperThan(flat)).toBe(false);
  });
});

describe('storable text', () => {
  it('replaces NUL and lone surrogates, keeps pairs and everything else', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\ud800y\udfffz')).toBe('x\uFFFDy\uFFFDz');
    expect(storableText('😀 ünïcödé')).toBe('😀 ünïcödé');
    expect(isStorableText('😀')).toBe(true);
    expect(isStorableText('\ud83d')).toBe(false);
    expect(isStorableText('\u0000')).toBe(false);
  });

  it('cleans every string of a document, keys too', () => {
    expect(storableDocument({ 'k\u0000': ['a\ud800', { b: 'c\u0000' }], n: 1, t: true })).toEqual({
      'k\uFFFD': ['a\uFFFD', { b: 'c\uFFFD' }],
      n: 1,
      t: true,
    });
  });

  it('tells which JSON text PostgreSQL could not cast as it is', () => {
    expect(jsonNeedsCleaning('{"a":"plain"}')).toBe(false);
    expect(jsonNeedsCleaning('{"a":"\\u00e9"}')).toBe(false);
    expect(jsonNeedsCleaning('{"a":"\\u0000"}')).toBe(true);
    expect(jsonNeedsCleaning('{"a":"\\ud800"}')).toBe(true);
    expect(jsonNeedsCleaning('{"a":"\\uDC00"}')).toBe(true);
  });
});
