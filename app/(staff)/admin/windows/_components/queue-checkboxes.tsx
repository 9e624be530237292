/** The queues a window calls, as checkboxes `queues` (by prefix), with the field's error under them. */
export function QueueCheckboxes(props: {
  queues: { prefix: string; name: string }[];
  called: string[];
  error?: string;
  className?: string;
}) {
  return (
    <fieldset className={props.className}>
      <legend className="font-semibold">叫号队列</legend>
      <div className="mt-1 flex flex-wrap gap-4">
        {props.queues.map((q) => (
          <label key={q.prefix} className="flex min-h-11 items-center gap-2">
            <input
              type="checkbox"
              name="queues"
              value={q.prefix}
              defaultChecked={props.called.includes(q.prefix)}
              className="size-5"
            />
            {q.prefix} {q.name}
          </label>
        ))}
      </div>
      {props.error && <p className="mt-1 font-semibold text-red-800">{props.error}</p>}
    </fieldset>
  );
}
