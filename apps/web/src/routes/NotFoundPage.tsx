import { Link } from 'react-router';
import { PageHeading } from '../layout/PageHeading.tsx';
import { PageTitle } from '../layout/PageTitle.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <PageHeading>Page not found</PageHeading>
      <p>
        There is nothing at this address. <Link to="/">Go to your account</Link>
      </p>
    </>
  );
}
