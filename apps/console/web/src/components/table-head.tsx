export function TableHead({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label, i) => (
          <th key={i}>{label}</th>
        ))}
      </tr>
    </thead>
  );
}
