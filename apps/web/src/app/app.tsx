import { createBrowserRouter, RouterProvider } from 'react-router';
import { queryClient } from '@/lib/query-client';
import { AppProviders } from './providers';
import { createRoutes } from './router';

const router = createBrowserRouter(createRoutes(queryClient));

export function App() {
  return (
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
