// The study viewer of /staff/imaging/orders/{id}/viewer: dwv (served by the app from
// /assets/imaging/, never a CDN) draws the instances; this module script is the only code on the
// page. Keyboard: with the image focused, Up/Down and Page Up/Page Down move through the slices.
const root = document.getElementById('imaging-viewer');
const status = document.getElementById('imaging-viewer-status');

async function start() {
  const { library, urls, sliceLabel, error } = root.dataset;
  let app;
  try {
    const dwv = await import(library);
    app = new dwv.App();
    const options = new dwv.AppOptions({ '*': [new dwv.ViewConfig('layerGroup0')] });
    options.tools = { Scroll: new dwv.ToolConfig(), WindowLevel: new dwv.ToolConfig(), ZoomAndPan: new dwv.ToolConfig() };
    app.init(options);
    const files = JSON.parse(urls);
    const showSlice = () => {
      const group = app.getActiveLayerGroup();
      const view = group?.getActiveViewLayer()?.getViewController();
      if (!view) return;
      const index = view.getCurrentIndex().get(view.getScrollDimIndex()) ?? 0;
      status.textContent = sliceLabel.replace('{index}', String(index + 1)).replace('{count}', String(files.length));
    };
    app.addEventListener('load', () => {
      app.setTool('Scroll');
      root.dataset.loaded = 'true';
      showSlice();
    });
    app.addEventListener('positionchange', showSlice);
    app.addEventListener('error', (event) => {
      // dwv throws "Unsupported DICOM transfer syntax" for compressions it has no decoder for
      // (JPEG-LS, JPEG XL, video…): say so, rather than a bare "could not be shown".
      const cause = String(event?.error?.message ?? event?.error ?? '');
      status.textContent = /transfer syntax/i.test(cause) ? root.dataset.unsupported : error;
      if (cause) console.warn('imaging viewer:', cause);
    });
    app.loadURLs(files, { requestHeaders: [{ name: 'Accept', value: 'application/dicom' }] });
    window.addEventListener('resize', () => app.onResize());
  } catch (cause) {
    status.textContent = error;
    console.error(cause);
    return;
  }

  const showSlice = () => {
    const view = app.getActiveLayerGroup()?.getActiveViewLayer()?.getViewController();
    if (!view) return;
    const index = view.getCurrentIndex().get(view.getScrollDimIndex()) ?? 0;
    status.textContent = root.dataset.sliceLabel
      .replace('{index}', String(index + 1))
      .replace('{count}', String(JSON.parse(root.dataset.urls).length));
  };
  const scroll = (forward) => {
    const group = app.getActiveLayerGroup();
    if (!group || !group.canScroll()) return;
    const helper = group.getPositionHelper();
    if (forward) helper.incrementPositionAlongScroll();
    else helper.decrementPositionAlongScroll();
    showSlice();
  };
  root.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowUp' || event.key === 'PageUp') scroll(true);
    else if (event.key === 'ArrowDown' || event.key === 'PageDown') scroll(false);
    else return;
    event.preventDefault();
  });
  for (const button of document.querySelectorAll('.imaging-tools [data-tool]')) {
    button.addEventListener('click', () => {
      app.setTool(button.dataset.tool);
      for (const other of document.querySelectorAll('.imaging-tools [data-tool]')) {
        other.setAttribute('aria-pressed', other === button ? 'true' : 'false');
      }
    });
  }
  document.querySelector('.imaging-tools [data-action="reset"]')?.addEventListener('click', () => app.resetDisplay());
}

start();
