import { Navigate } from 'react-router';
import { useMe } from '../me.ts';

/** /admin/scoring: the page each role starts from. */
export default function IndexPage() {
  const me = useMe();
  if (!me.data) return null;
  const p = me.data.permissions as string[];
  const to = p.includes('scoring.report')
    ? 'report'
    : p.includes('scoring.manage') || p.includes('scoring.read')
      ? 'rankings'
      : p.includes('scoring.review')
        ? 'review'
        : 'rankings';
  return <Navigate to={`/scoring/${to}`} replace />;
}
