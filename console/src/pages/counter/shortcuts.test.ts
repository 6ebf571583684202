/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandFor, isTypingTarget, SHORTCUTS, type KeyEventLike } from './shortcuts.js';
import { strings } from './strings.js';

const key = (k: string, more: Partial<KeyEventLike> = {}): KeyEventLike => ({
  key: k, ctrlKey: false, metaKey: false, altKey: false, repeat: false, defaultPrevented: false, target: { tagName: 'BODY' }, ...more,
});

test('one letter per command, either case', () => {
  assert.equal(commandFor(key('n')), 'next');
  assert.equal(commandFor(key('N')), 'next');
  assert.equal(commandFor(key('r')), 'recall');
  assert.equal(commandFor(key('f')), 'finish');
  assert.equal(commandFor(key('x')), null);
  assert.equal(commandFor(key('Enter')), null);
  assert.equal(new Set(SHORTCUTS.map((s) => s.key)).size, SHORTCUTS.length, 'no key twice');
  for (const s of SHORTCUTS) assert.ok(strings.commands[s.command], `legend text for ${s.command}`);
});

test('never while typing, with a modifier, held down, or already handled', () => {
  assert.equal(commandFor(key('n', { target: { tagName: 'INPUT', type: 'text' } })), null);
  assert.equal(commandFor(key('n', { target: { tagName: 'INPUT' } })), null, 'an input without a type is text');
  assert.equal(commandFor(key('n', { target: { tagName: 'TEXTAREA' } })), null);
  assert.equal(commandFor(key('n', { target: { tagName: 'SELECT' } })), null);
  assert.equal(commandFor(key('n', { target: { tagName: 'DIV', isContentEditable: true } })), null);
  assert.equal(commandFor(key('n', { ctrlKey: true })), null, 'Ctrl+N is the browser\'s');
  assert.equal(commandFor(key('n', { metaKey: true })), null);
  assert.equal(commandFor(key('n', { altKey: true })), null);
  assert.equal(commandFor(key('n', { repeat: true })), null);
  assert.equal(commandFor(key('n', { defaultPrevented: true })), null);
  // A focused button, radio or checkbox is not typing: the shortcut still works.
  assert.equal(commandFor(key('n', { target: { tagName: 'BUTTON' } })), 'next');
  assert.equal(commandFor(key('f', { target: { tagName: 'INPUT', type: 'radio' } })), 'finish');
  assert.equal(isTypingTarget(null), false);
});
