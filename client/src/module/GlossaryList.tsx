/** A glossary's terms as learners read them on the glossary page. */
export function GlossaryList({
  terms,
  lang,
}: {
  terms: { id: string; term: string; definition: string }[];
  lang: string;
}) {
  return (
    <dl lang={lang}>
      {terms.map((term) => (
        <div key={term.id} id={`term-${term.id}`}>
          <dt>
            <dfn>{term.term}</dfn>
          </dt>
          <dd>{term.definition}</dd>
        </div>
      ))}
    </dl>
  );
}
