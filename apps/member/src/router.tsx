import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';

// Every screen is its own chunk: a phone on a slow network loads only the route it opens.
const Shell = lazy(() => import('./Shell.tsx').then((m) => ({ default: m.Shell })));
const LoginPage = lazy(() => import('./pages/Login.tsx').then((m) => ({ default: m.LoginPage })));
const ActivatePage = lazy(() => import('./pages/Activate.tsx'));

const HomePage = lazy(() => import('./pages/Home.tsx'));
const InboxPage = lazy(() => import('./pages/Inbox.tsx'));
const DirectLinePage = lazy(() => import('./pages/DirectLine.tsx'));
const DirectLineListPage = lazy(() => import('./pages/direct-line/List.tsx'));
const DirectLineThreadPage = lazy(() => import('./pages/direct-line/Thread.tsx'));
const MePage = lazy(() => import('./pages/Me.tsx'));
// A domain's screens: its remote, loaded at run time.
const DomainArea = lazy(() => import('./DomainArea.tsx').then((m) => ({ default: m.DomainArea })));

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    { path: '/activate', element: <ActivatePage /> },
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <HomePage /> },
        { path: 'inbox', element: <InboxPage /> },
        { path: 'direct-line', element: <DirectLineListPage /> },
        { path: 'direct-line/new', element: <DirectLinePage /> },
        { path: 'direct-line/:id', element: <DirectLineThreadPage /> },
        { path: 'me', element: <MePage /> },
        { path: ':domain/*', element: <DomainArea /> },
      ],
    },
  ],
  { basename: '/m' },
);
