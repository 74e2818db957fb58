import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { parseQueueUrl, resolveQueueUrl } from './queue-url.js';

describe('parseQueueUrl', () => {
  it.each([
    ['redis://127.0.0.1:6380/2', { host: '127.0.0.1', port: 6380, db: 2 }],
    ['redis://queue.internal', { host: 'queue.internal', port: 6379, db: 0 }],
    ['redis://:s3cret@10.0.0.5:6379', { host: '10.0.0.5', port: 6379, db: 0, password: 's3cret' }],
    ['rediss://q.example:6390', { host: 'q.example', port: 6390, db: 0, tls: {} }],
    ['redis+unix:///run/redis/redis.sock', { path: '/run/redis/redis.sock', db: 0 }],
    ['redis+unix:///run/redis.sock?db=3', { path: '/run/redis.sock', db: 3 }],
  ])('%s', (url, expected) => {
    const { display, ...address } = parseQueueUrl(url);
    expect(address).toEqual(expected);
    expect(display).not.toContain('s3cret');
  });

  it.each([
    ['127.0.0.1:6379', /not a URL/],
    ['localhost:6379', /unsupported scheme localhost:/],
    ['http://localhost:6379', /unsupported scheme http:/],
    ['redis://localhost:6379/x', /database must be a number/],
    ['redis+unix://relative/sock', /redis\+unix:\/\/\/absolute/],
  ])('refuses %s in one line', (url, message) => {
    expect(() => parseQueueUrl(url)).toThrow(UserError);
    expect(() => parseQueueUrl(url)).toThrow(message);
  });
});

describe('resolveQueueUrl', () => {
  it('takes the flag, then EMPATHY_QUEUE, then the user config; none is in-process', () => {
    expect(resolveQueueUrl('redis://a', { EMPATHY_QUEUE: 'redis://b' }, 'redis://c')).toBe('redis://a');
    expect(resolveQueueUrl(undefined, { EMPATHY_QUEUE: 'redis://b' }, 'redis://c')).toBe('redis://b');
    expect(resolveQueueUrl(undefined, {}, 'redis://c')).toBe('redis://c');
    expect(resolveQueueUrl(undefined, {})).toBeNull();
    expect(() => resolveQueueUrl('', {})).toThrow(/--queue is empty/);
  });
});
