// The PDF viewer of /documents/{id}/view: the bundled pdf.js draws each page on a canvas.
// Served as a module script from /assets/records/ (script-src 'self'); the worker is a same-origin
// module worker; nothing is evaluated from strings (isEvalSupported: false).
const root = document.getElementById('pdf-viewer');

async function show() {
  const { library, worker, src, pageLabel, error } = root.dataset;
  try {
    const pdfjs = await import(library);
    pdfjs.GlobalWorkerOptions.workerSrc = worker;
    const pdf = await pdfjs.getDocument({ url: src, isEvalSupported: false, enableXfa: false }).promise;
    root.textContent = '';
    const width = Math.max(320, Math.min(root.clientWidth || 800, 1200));
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const base = page.getViewport({ scale: 1 });
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: (width / base.width) * ratio });
      const canvas = document.createElement('canvas');
      canvas.className = 'pdf-page';
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${pageLabel} ${number} / ${pdf.numPages}`);
      root.append(canvas);
      await page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
  } catch {
    root.textContent = '';
    const p = document.createElement('p');
    p.className = 'hint';
    p.textContent = error;
    root.append(p);
  }
}

if (root) show();
