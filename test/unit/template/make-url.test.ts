import { describe, expect, it } from 'vitest';
import { outputProblems, outputValue } from './helpers.ts';

describe('make_url', () => {
  it('assembles a URL from its parts', () => {
    expect(
      outputValue(
        '{make_url: {scheme: https, host: example.com, port: 8443, path: /v1/items, query: {recipient: world}, fragment: top}}',
      ),
    ).toBe('https://example.com:8443/v1/items?recipient=world#top');
  });

  it('escapes like Python urllib: path keeps "/", query uses "+" for spaces', () => {
    expect(
      outputValue('{make_url: {scheme: http, host: h, path: "a b/ü", query: {q: "x y&z", p: "/"}}}'),
    ).toBe('http://h/a%20b/%C3%BC?q=x+y%26z&p=/');
  });

  it('escapes credentials completely', () => {
    expect(outputValue('{make_url: {scheme: ftp, username: "us er", password: "p@ss/", host: h}}')).toBe(
      'ftp://us%20er:p%40ss%2F@h',
    );
  });

  it('brackets IPv6 hosts, whether or not the template did', () => {
    expect(outputValue('{make_url: {scheme: http, host: "::1", port: "80"}}')).toBe('http://[::1]:80');
    expect(outputValue('{make_url: {scheme: http, host: "[::1]"}}')).toBe('http://[::1]');
  });

  it('adds "//" for schemes that have a host part even without a host', () => {
    expect(outputValue('{make_url: {scheme: file, path: /tmp/x}}')).toBe('file:///tmp/x');
    expect(outputValue('{make_url: {scheme: mailto, path: a@b.c}}')).toBe('mailto:a%40b.c');
  });

  it('reports bad ports, schemes and unknown parts', () => {
    expect(outputProblems('{make_url: {host: h, port: 70000}}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.make_url.port' }),
    ]);
    expect(outputProblems('{make_url: {scheme: "a:b"}}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.make_url.scheme' }),
    ]);
    expect(outputProblems('{make_url: {hostname: h}}')).toEqual([
      expect.objectContaining({ code: 'FUNCTION_INVALID', path: 'outputs.o.value.make_url.hostname' }),
    ]);
  });

  it('stays pending when a part depends on a resource', () => {
    expect(outputValue('{make_url: {scheme: http, host: {get_attr: [r, output]}, port: 80}}')).toEqual({
      make_url: { scheme: 'http', host: { get_attr: ['r', 'output'] }, port: 80 },
    });
  });
});
