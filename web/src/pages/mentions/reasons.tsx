// Why an item was rejected, one reason a line, as the server words them ("field: message").
export function Reasons({ errors }: { errors: readonly string[] }) {
  if (errors.length === 1) return <span className="reason">{errors[0]}</span>;
  return (
    <ul className="reasons">
      {errors.map((e, i) => (
        <li key={i} className="reason">
          {e}
        </li>
      ))}
    </ul>
  );
}
