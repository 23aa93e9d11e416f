import { identifierProblem, MAX_IDENTIFIER_LENGTH } from './identifier-text';

describe('identifier text', () => {
  it.each(['V123456', 'MSG-0001', 'RXR', 'ward 7^bed 3', 'Siân’s ward', 'A'.repeat(MAX_IDENTIFIER_LENGTH)])(
    'takes %j',
    (value) => {
      expect(identifierProblem(value)).toBeNull();
    },
  );

  it.each([
    ['V12\u00003', 'a NUL'],
    ['V123\u001c', 'an MLLP end-of-block byte'],
    ['V1\u001b[31m23', 'a terminal escape sequence'],
    ['V123\n', 'a line feed'],
    ['V\u007f123', 'DEL'],
    ['V\u0085123', 'a C1 next-line'],
    ['V\u200b123', 'a zero-width space'],
    ['V\u202e321', 'a right-to-left override'],
    ['\ufeffV123', 'a byte-order mark'],
    ['V\u2028123', 'a line separator'],
    ['V\ud800123', 'a lone surrogate'],
  ])('refuses %j (%s)', (value) => {
    expect(identifierProblem(value)).toBe('CONTROL_CHARACTER');
  });

  it('refuses an identifier longer than the bound', () => {
    expect(identifierProblem('A'.repeat(MAX_IDENTIFIER_LENGTH + 1))).toBe('TOO_LONG');
    expect(identifierProblem('ABCDEF', 5)).toBe('TOO_LONG');
  });
});
