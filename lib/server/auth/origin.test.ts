import { describe, expect, it } from 'vitest';
import { sameOrigin } from './origin';

function request(
  method: string,
  headers: Record<string, string>,
  url = 'http://localhost:3000/api/x',
) {
  return new Request(url, { method, headers });
}

describe('sameOrigin', () => {
  it('allows a POST whose Origin is the request URL origin', () => {
    expect(sameOrigin(request('POST', { origin: 'http://localhost:3000' }))).toBe(true);
  });

  it('allows the Origin the browser used when only the Host header names it', () => {
    const headers = { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' };
    expect(sameOrigin(request('POST', headers))).toBe(true);
    // a default port is implied on one side and spelled on the other
    expect(
      sameOrigin(request('DELETE', { origin: 'http://Lab.Example', host: 'lab.example:80' })),
    ).toBe(true);
  });

  it('allows the public origin a proxy forwards, scheme included', () => {
    const proxied = {
      origin: 'https://lab.example',
      host: 'localhost:3000',
      'x-forwarded-host': 'lab.example',
      'x-forwarded-proto': 'https',
    };
    expect(sameOrigin(request('POST', proxied))).toBe(true);
    expect(sameOrigin(request('POST', { ...proxied, 'x-forwarded-proto': 'http' }))).toBe(false);
  });

  it('refuses another origin, another port included', () => {
    for (const origin of ['http://evil.example', 'http://localhost:3001', 'http://localhost'])
      expect(sameOrigin(request('POST', { origin, host: 'localhost:3000' }))).toBe(false);
    expect(
      sameOrigin(request('PUT', { origin: 'http://evil.example', host: '127.0.0.1:3000' })),
    ).toBe(false);
  });

  it('refuses a state-changing request without a usable Origin', () => {
    expect(sameOrigin(request('POST', { host: 'localhost:3000' }))).toBe(false);
    expect(sameOrigin(request('PATCH', { origin: 'null', host: 'localhost:3000' }))).toBe(false);
    expect(sameOrigin(request('POST', { origin: 'not a url', host: 'localhost:3000' }))).toBe(
      false,
    );
    expect(sameOrigin(request('POST', { origin: 'file://', host: 'localhost:3000' }))).toBe(false);
  });

  it('always allows GET, HEAD and OPTIONS', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(sameOrigin(request(method, { origin: 'http://evil.example' }))).toBe(true);
  });
});
