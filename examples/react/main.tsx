import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BiuwerCard, BiuwerPage, BiuwerSession } from 'biuwer-embed/react.js';
import { settings } from '../settings.js';

function App() {
  const [state, setState] = useState('idle');
  const [error, setError] = useState<string>();
  return (
    <main>
      <h1>biuwer-embed with React</h1>
      <p>
        State: <output id="state">{state}</output> {error && <strong role="alert">{error}</strong>}
      </p>
      <BiuwerSession instance={settings.instance} token={settings.token} loading="eager">
        <BiuwerPage
          id="page"
          resource={settings.page}
          onBiuwerStateChange={(e) => setState(e.detail.state)}
          onBiuwerError={(e) => setError(`${e.detail.code}: ${e.detail.message}`)}
        />
        <BiuwerCard resource={settings.card} />
      </BiuwerSession>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
