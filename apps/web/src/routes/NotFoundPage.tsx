import { Link } from 'react-router';
import { PageHeading } from '../layout/PageHeading.tsx';

export function NotFoundPage() {
  return (
    <>
      <title>Page not found · Account</title>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is nothing at this address. <Link to="/">Go to your account</Link>
      </p>
    </>
  );
}
