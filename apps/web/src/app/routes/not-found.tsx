import { Link } from 'react-router';
import { Problem } from '@/components/problem';

export function NotFoundPage() {
  return (
    <Problem title="Not found">
      <p>This page does not exist.</p>
      <p>
        <Link to="/">Back to my tickets</Link>
      </p>
    </Problem>
  );
}
