import { describe, expect, it } from 'vitest';
import { parsePostmortem } from '../../../../src/postmortem/parse.js';
import {
  findPassives,
  findPeople,
  findPersonSubjects,
  findPhrases,
  knownPeople,
  maskedSource,
  proseBlocks,
  removalEdit,
  sectionSentences,
  splitSentences,
} from '../../../../src/lint/text.js';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it('splits at sentence ends and keeps offsets', () => {
    const src = 'The API failed. Users retried! Did it work? Yes.';
    const out = splitSentences(src, 100);
    expect(out.map((s) => s.text)).toEqual(['The API failed.', 'Users retried!', 'Did it work?', 'Yes.']);
    for (const s of out) expect(src.slice(s.start - 100, s.end - 100)).toBe(s.text);
  });

  it('does not split decimals, times, versions, domains or abbreviations', () => {
    expect(texts('Errors rose to 4.5% at 14:05 UTC on v1.2.3 of api.example.com. Then they fell.')).toEqual([
      'Errors rose to 4.5% at 14:05 UTC on v1.2.3 of api.example.com.',
      'Then they fell.',
    ]);
    expect(texts('Several caches, e.g. Redis and Memcached, were cold. The U.S. region recovered first.')).toEqual([
      'Several caches, e.g. Redis and Memcached, were cold.',
      'The U.S. region recovered first.',
    ]);
    expect(texts('It took approx. 5 minutes vs. the usual 2. Done.')).toEqual(['It took approx. 5 minutes vs. the usual 2.', 'Done.']);
  });

  it('does not split before a lowercase word and keeps closing quotes', () => {
    expect(texts('The alert said "disk full." then cleared.')).toEqual(['The alert said "disk full." then cleared.']);
    expect(texts('He wrote "stop." Next we paged.')).toEqual(['He wrote "stop."', 'Next we paged.']);
  });
});

describe('findPhrases', () => {
  it('matches case-insensitively on word boundaries across whitespace and apostrophes', () => {
    const m = findPhrases("Human\n error, we shouldn’t have; humanerror; on call", ['human error', "shouldn't have", 'on-call'], 10);
    expect(m.map((x) => [x.phrase, x.start, x.end])).toEqual([
      ['human error', 10, 22],
      ["shouldn't have", 27, 41],
      ['on-call', 55, 62],
    ]);
  });

  it('does not match inside longer words', () => {
    expect(findPhrases('adjusted justify unjust', ['just'])).toEqual([]);
    expect(findPhrases('the carelessness', ['careless'])).toEqual([]);
  });
});

const DOC = `# Postmortem: Test

**Date:** 2024-03-05
**Author(s):** Priya Raman, @sam
**Reviewers:** Team Payments

## Root Cause

The \`should have\` key in [the runbook](https://runbooks.example.com/should-have) was wrong. See https://example.com/human-error for details.

\`\`\`
human error in a log line
\`\`\`

<!-- human error in a comment -->

- First bullet without a period
- Second bullet. It has two sentences.

| Action | Owner |
|---|---|
| Add alert \\| now. Then more | @sam |
`;

describe('masking and blocks', () => {
  const doc = parsePostmortem(DOC);

  it('blanks code, URLs, comments and link syntax but keeps offsets and link text', () => {
    const masked = maskedSource(doc);
    expect(masked.length).toBe(DOC.length);
    expect(masked).not.toContain('should have');
    expect(masked).not.toContain('human error');
    expect(masked).not.toContain('https://');
    expect(masked).toContain('the runbook');
    expect(masked.split('\n').length).toBe(DOC.split('\n').length);
  });

  it('keeps list items and table cells apart as sentences', () => {
    const rc = doc.sections.find((s) => s.key === 'rootCause');
    const sentences = sectionSentences(doc, rc).map((s) => s.text.replace(/\s+/g, ' '));
    expect(sentences).toContain('First bullet without a period');
    expect(sentences).toContain('Second bullet.');
    expect(sentences).toContain('It has two sentences.');
    expect(sentences).toContain('@sam');
    expect(sentences.some((s) => s.startsWith('Add alert') && s.includes('\\| now.'))).toBe(true);
    expect(sentences).toContain('Then more');
  });

  it('proseBlocks skips headings', () => {
    const blocks = proseBlocks(doc, 0, DOC.length).map((b) => b.text);
    expect(blocks.some((b) => b.includes('## Root Cause'))).toBe(false);
  });

  it('collects people from the people fields and owners', () => {
    expect(knownPeople(doc)).toEqual(expect.arrayContaining(['Priya Raman', 'Priya', 'Sam']));
    expect(knownPeople(doc)).not.toContain('sam');
    expect(knownPeople(doc)).not.toContain('Team Payments');
    expect(knownPeople(doc)).not.toContain('Team');
  });
});

describe('findPassives', () => {
  it('finds be-verb + -ed or irregular participles, with adverbs between', () => {
    const found = findPassives('The database was restarted. The key was not properly set. Alerts were sent.').map((p) => p.participle);
    expect(found).toEqual(['restarted', 'set', 'sent']);
  });

  it('ignores adjectives and -ed nouns', () => {
    expect(findPassives('The disk is red. We were interested. Speed is need. It was based on v2.')).toEqual([]);
  });
});

describe('findPersonSubjects', () => {
  const people = ['Priya Raman', 'Priya'];
  const subj = (s: string) => findPersonSubjects(s, people).map((p) => `${p.subject} ${p.verb}`);

  it('finds roles, names and mentions acting', () => {
    expect(subj('Engineer ran the wrong command.')).toEqual(['Engineer ran']);
    expect(subj('The on-call engineer accidentally deleted the volume.')).toEqual(['The on-call engineer deleted']);
    expect(subj('Priya deployed the config.')).toEqual(['Priya deployed']);
    expect(subj('@bob merged the change.')).toEqual(['@bob merged']);
    expect(subj('The pods crashed because the SRE had skipped the check.')).toEqual(['the SRE skipped']);
    expect(subj('Alice pushed it; then the operator deleted the backups.')).toEqual(['Alice pushed', 'the operator deleted']);
  });

  it('does not treat receiving or possessive constructions as acting', () => {
    expect(subj('The on-call engineer was paged at 14:05.')).toEqual([]);
    expect(subj("The engineer's laptop ran out of battery.")).toEqual([]);
    expect(subj('The engineer who was paged restarted the pod.')).toEqual([]);
    expect(subj('The developer portal changed its API.')).toEqual([]);
    expect(subj('We had no guard against destructive commands.')).toEqual([]);
    expect(subj('They restarted after the config push.')).toEqual([]);
  });
});

describe('findPeople', () => {
  const found = (text: string, people: string[]) => findPeople(text, people).map((p) => `${p.kind}:${p.name}@${p.start}`);

  it('prefers the longest known name and takes each occurrence once', () => {
    expect(found('Priya Raman paged Priya.', ['Priya', 'Priya Raman'])).toEqual(['known:Priya Raman@0', 'known:Priya@18']);
  });

  it('matches known names only as whole words, whatever script surrounds them', () => {
    expect(found('Leeds and Lee_x and xLee and Lee.', ['Lee'])).toEqual(['known:Lee@29']);
    expect(found('Ωzoë and zoë, and zoë𝐀 and 𝐀zoë', ['zoë'])).toEqual(['known:zoë@9']);
  });

  it('leaves a name after @ to the mention', () => {
    expect(found('@Priya restarted it', ['Priya'])).toEqual(['mention:@Priya@0']);
  });

  it('finds a name standing as the subject only when it is a whole word', () => {
    expect(findPersonSubjects('Zoë deployed it.', ['Zoë']).map((p) => p.subject)).toEqual(['Zoë']);
    expect(findPersonSubjects("Zoë's deploy ran.", ['Zoë'])).toEqual([]);
    expect(findPersonSubjects('Zoëx deployed it.', ['Zoë'])).toEqual([]);
  });
});

describe('removalEdit', () => {
  const apply = (src: string, word: string) => {
    const start = src.indexOf(word);
    const e = removalEdit(src, { start, end: start + word.length });
    return src.slice(0, e.start) + e.newText + src.slice(e.end);
  };

  it('removes the word and re-capitalises a sentence start', () => {
    expect(apply('Unfortunately alerting was missing.', 'Unfortunately')).toBe('Alerting was missing.');
    expect(apply('Luckily, the alert fired.', 'Luckily')).toBe('The alert fired.');
    expect(apply('- Sadly the page went out late.', 'Sadly')).toBe('- The page went out late.');
    expect(apply('The fix was obviously wrong.', 'obviously')).toBe('The fix was wrong.');
    expect(apply('The page went out late, sadly.', 'sadly')).toBe('The page went out late.');
    expect(apply('It recovered, of course, within 5 minutes.', 'of course')).toBe('It recovered within 5 minutes.');
  });
});
