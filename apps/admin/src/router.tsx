import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { DomainArea } from './DomainArea.tsx';
import { Guard } from './Guard.tsx';
import { Layout } from './Layout.tsx';
import { LoginPage } from './pages/Login.tsx';
import { NotFound } from './pages/Status.tsx';
import { SHELL_PAGES } from './session.ts';

// Pages beyond the landing route load on demand: first load stays small.
const HomePage = lazy(() => import('./pages/Home.tsx'));
const OrgPage = lazy(() => import('./pages/Org.tsx'));
const AuditPage = lazy(() => import('./pages/Audit.tsx'));
const UsersPage = lazy(() => import('./pages/Users.tsx'));
const InboxPage = lazy(() => import('./pages/Inbox.tsx'));
const DirectLineListPage = lazy(() => import('./pages/direct-line/List.tsx'));
const DirectLineThreadPage = lazy(() => import('./pages/direct-line/Thread.tsx'));
const ImportsPage = lazy(() => import('./pages/imports/ImportsPage.tsx'));
// First run (public, before anyone can sign in): its own chunk.
const SetupPage = lazy(() => import('./pages/accounts/Setup.tsx'));

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      path: '/setup',
      element: (
        <Suspense>
          <SetupPage />
        </Suspense>
      ),
    },
    {
      path: '/',
      element: <Layout />,
      children: [
        { index: true, element: <HomePage /> },
        {
          path: 'org',
          element: (
            <Guard any={SHELL_PAGES.org}>
              <OrgPage />
            </Guard>
          ),
        },
        {
          path: 'imports',
          element: (
            <Guard any={SHELL_PAGES.imports}>
              <ImportsPage />
            </Guard>
          ),
        },
        {
          path: 'audit',
          element: (
            <Guard any={SHELL_PAGES.audit}>
              <AuditPage />
            </Guard>
          ),
        },
        {
          path: 'users',
          element: (
            <Guard any={SHELL_PAGES.users}>
              <UsersPage />
            </Guard>
          ),
        },
        { path: 'inbox', element: <InboxPage /> },
        {
          path: 'direct-line',
          element: (
            <Guard any={SHELL_PAGES.directLine}>
              <DirectLineListPage />
            </Guard>
          ),
        },
        {
          path: 'direct-line/:id',
          element: (
            <Guard any={SHELL_PAGES.directLine}>
              <DirectLineThreadPage />
            </Guard>
          ),
        },
        // A department's screens: its remote, loaded at run time (DomainArea).
        { path: ':domain/*', element: <DomainArea /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/admin' },
);
