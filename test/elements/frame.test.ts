import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BiuwerPageElement } from '../../src/elements/page/page-element.js';
import { RESOURCES, SIM_INSTANCE, countingProvider, issueToken } from '../helpers/sim.js';

describe('<biuwer-page> frame', () => {
  it('loads the share page with name RESOURCE:AUTH and src INSTANCE/share', async () => {
    const { token } = await issueToken();
    const el = await fixture<BiuwerPageElement>(html`
      <biuwer-page
        loading="eager"
        instance=${SIM_INSTANCE}
        resource=${RESOURCES.page}
        .token=${token}
      ></biuwer-page>
    `);
    await oneEvent(el, 'biuwer-load');
    const frame = el.shadowRoot!.querySelector('iframe')!;
    expect(frame.name).to.equal(`${RESOURCES.page}:${token}`);
    expect(frame.getAttribute('src')).to.equal(`${SIM_INSTANCE}/share`);
    expect(frame.getAttribute('sandbox')).to.equal(
      'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads',
    );
    expect(frame.getAttribute('allow')).to.equal('fullscreen; clipboard-write');
    expect(frame.getAttribute('referrerpolicy')).to.equal('strict-origin-when-cross-origin');
    expect(frame.title).to.equal('Biuwer page');
    expect(frame.getAttribute('part')).to.equal('frame');
    expect(el.state).to.equal('ready');
  });

  it('asks the provider once and shows ready', async () => {
    const provider = countingProvider({ validForMs: 3_600_000 });
    const el = await fixture<BiuwerPageElement>(html`
      <biuwer-page
        loading="eager"
        instance=${SIM_INSTANCE}
        resource=${RESOURCES.page}
        .tokenProvider=${provider}
      ></biuwer-page>
    `);
    const ev = await oneEvent(el, 'biuwer-token-refresh');
    expect(ev.detail.delivery).to.equal('load');
    expect(JSON.stringify(ev.detail)).not.to.match(/[0-9a-f]{32}/);
    expect(provider.calls).to.equal(1);
  });
});
