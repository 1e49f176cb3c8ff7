import { describe, expect, it } from 'vitest';
import { withoutPhi } from './phrasing-llm.js';

describe('what the model may see of a question', () => {
  it('loses e-mail addresses, phone numbers, birth dates in every common spelling, and the names the clinic knows', () => {
    const question = 'Hi, I am María López (maria.lopez@example.org, +1 617-555-0199), born 03/04/1980 or 1980-03-04 or March 4, 1980: where do I park?';
    const clean = withoutPhi(question, ['María', 'López']);
    expect(clean).toBe('Hi, I am [name] [name] ([e-mail], [phone]), born [date] or [date] or [date]: where do I park?');
  });

  it('keeps an ordinary question as it is', () => {
    expect(withoutPhi('Do you take Aetna? Is the office open at 8?', ['Pat'])).toBe('Do you take Aetna? Is the office open at 8?');
  });
});
