/** 办理流程 as the catalogue writes it: one step a line (numbered by the catalogue or the admin). */
export function GuideSteps({ steps, className = "" }: { steps: string; className?: string }) {
  const lines = steps
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    <ol className={className} data-testid="steps">
      {lines.map((line, i) => (
        // A hanging indent: a step's second line starts under its words, not under its number.
        <li key={i} className="pl-[1.2em] -indent-[1.2em]">
          {line}
        </li>
      ))}
    </ol>
  );
}
