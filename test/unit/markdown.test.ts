import { textBlocksOf } from '../../server/src/lib/markdown/blocks';
import { renderMarkdown } from '../../server/src/lib/markdown/render';
import { toPublicQuiz } from '../../server/src/lib/markdown/types';

const quiz = `::: quiz check-one
? Pick the **right** one
- [x] right
  Well done.
- [ ] wrong
  No.

? Pick both
- [x] a
  yes
- [x] b
  yes
- [ ] c
  no
:::`;

describe('renderMarkdown', () => {
  it('parses a quiz into questions, options and feedback, and leaves only a placeholder in the HTML', () => {
    const out = renderMarkdown(quiz);
    expect(out.problems).toEqual([]);
    expect(out.html).toBe('<div class="quiz" data-quiz="check-one"></div>\n');
    expect(out.quizzes).toHaveLength(1);
    const [q1, q2] = out.quizzes[0].questions;
    expect(q1.prompt).toBe('Pick the <strong>right</strong> one');
    expect(q1.multiple).toBe(false);
    expect(q1.options.map((o) => o.correct)).toEqual([true, false]);
    expect(q1.options[0].feedback).toBe('Well done.');
    expect(q2.multiple).toBe(true);
  });

  it('gives the browser no correct answers and no feedback', () => {
    const pub = toPublicQuiz(renderMarkdown(quiz).quizzes[0]);
    const json = JSON.stringify(pub);
    expect(json).not.toContain('correct');
    expect(json).not.toContain('Well done');
    expect(pub.questions[0].options).toEqual([{ text: 'right' }, { text: 'wrong' }]);
  });

  it('reports quiz mistakes with their line, shifted by the front matter', () => {
    const out = renderMarkdown('::: quiz Bad_Id\n? Q\n- [ ] only wrong\n- [ ] no feedback\n  fb\nstray line\n:::', {
      lineOffset: 10,
    });
    const messages = out.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^11: quiz id "Bad_Id" must use lowercase/),
        expect.stringMatching(/^13: option has no feedback/),
        expect.stringMatching(/^16: unexpected line in quiz/),
        expect.stringMatching(/^12: question has no correct option/),
      ]),
    );
  });

  it('renders reflection, case and activity boxes with slots for translated labels', () => {
    const out = renderMarkdown(
      '::: reflection why\nWhy?\n:::\n\n::: case athens\nText\n:::\n\n::: activity Map *it*\nDo it.\n:::',
    );
    expect(out.problems).toEqual([]);
    expect(out.html).toContain(
      '<section class="box box-reflection" data-reflection="why"><span class="box-kind" data-kind="reflection"></span>',
    );
    expect(out.html).toContain('<aside class="box box-case" data-city="athens">');
    expect(out.html).toContain('<h3 class="box-title">Map <em>it</em></h3>');
    expect(out.reflections).toEqual([{ id: 'why', line: 1 }]);
  });

  it('never lets raw HTML or script URLs through', () => {
    const out = renderMarkdown(
      '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(2)>\n\n[y](vbscript:msgbox)',
    );
    expect(out.html).not.toMatch(/<script/i);
    expect(out.html).not.toMatch(/<img/i);
    expect(out.html).not.toMatch(/href="(javascript|vbscript):/i);
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('requires alt text and files that exist in the module folder', () => {
    const out = renderMarkdown('Intro\n\n![](a.png) ![Chart](missing.svg) ![Remote](https://example.org/x.png)', {
      resolveFile: (name) => (name === 'a.png' ? '/api/assets/abc.png' : undefined),
    });
    expect(out.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/image "a.png" has no alt text/),
      expect.stringMatching(/image file "missing.svg" does not exist/),
      expect.stringMatching(/image "https:\/\/example.org\/x.png" is not in the module folder/),
    ]);
    expect(out.html).toContain('src="/api/assets/abc.png"');
  });

  it('reports unknown, nested and unclosed containers, but not inside code fences', () => {
    const out = renderMarkdown(
      '::: quizz x\n:::\n\n```\n::: nope\n```\n\n::: case a\n::: activity b\n:::\n\n::: reflection r\ntext',
    );
    const messages = out.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^1: unknown container "quizz"/),
      expect.stringMatching(/^2: `:::` closes nothing/),
      expect.stringMatching(/^9: "activity" opens inside "case" \(line 8\)/),
      expect.stringMatching(/^12: "reflection" is not closed/),
    ]);
  });
});

describe('textBlocksOf', () => {
  it('gives the words a reader reads, block by block, without Markdown marks or containers', () => {
    const markdown = [
      '## A **bold** start',
      '',
      'A paragraph with [a link](https://example.org) and *emphasis*.',
      '',
      '![](picture.png)',
      '',
      '::: tip',
      '- first item',
      '- second item',
      ':::',
      '',
      '| Who | Why |',
      '| --- | --- |',
      '| City | Lead |',
    ].join('\n');
    expect(textBlocksOf(markdown)).toEqual([
      { kind: 'heading', level: 2, text: 'A bold start' },
      { kind: 'paragraph', text: 'A paragraph with a link and emphasis.' },
      { kind: 'item', text: 'first item' },
      { kind: 'item', text: 'second item' },
      { kind: 'paragraph', text: 'Who | Why' },
      { kind: 'paragraph', text: 'City | Lead' },
    ]);
  });
});
