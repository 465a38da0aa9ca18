import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { clientForWindow } from './ipc/client';
import { AppStoresProvider } from './stores/AppStores';
import './styles.css';

const client = clientForWindow(window);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <AppStoresProvider client={client}>
      <App />
    </AppStoresProvider>
  </StrictMode>,
);
