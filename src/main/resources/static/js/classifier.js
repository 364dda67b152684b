/*
 * The upload form, improved when scripts run: previews of the chosen images (object URLs, nothing sent),
 * drag and drop, an immediate refusal of more images than the server takes, and a spinner while it works.
 * Without this script the form still works: the server gives the same refusals.
 */
(() => {
  'use strict';

  // The About page's examples, with the address this browser used (the server does not take it from the request).
  document.querySelectorAll('[data-base-url]').forEach((example) => {
    example.textContent = example.textContent.split(example.dataset.baseUrl).join(window.location.origin);
  });
})();

(() => {
  'use strict';

  const form = document.getElementById('upload-form');
  if (!form) {
    return;
  }
  const input = document.getElementById('images');
  const dropZone = document.getElementById('drop-zone');
  const previews = document.getElementById('previews');
  const clientError = document.getElementById('client-error');
  const submit = document.getElementById('submit');
  const spinner = document.getElementById('spinner');
  const submitIcon = document.getElementById('submit-icon');
  const status = document.getElementById('status');
  const maxImages = Number.parseInt(form.dataset.maxImages, 10) || 3;
  let objectUrls = [];

  function showError(message) {
    clientError.textContent = message;
    clientError.classList.remove('d-none');
  }

  function hideError() {
    clientError.textContent = '';
    clientError.classList.add('d-none');
  }

  function clearPreviews() {
    objectUrls.forEach((url) => URL.revokeObjectURL(url));
    objectUrls = [];
    previews.replaceChildren();
  }

  function showPreviews(files) {
    clearPreviews();
    for (const file of files) {
      const item = document.createElement('li');
      item.className = 'preview card';
      const image = document.createElement('img');
      image.className = 'card-img-top';
      image.alt = 'Preview of ' + file.name;
      if (file.type.startsWith('image/')) {
        const url = URL.createObjectURL(file);
        objectUrls.push(url);
        image.src = url;
      }
      const caption = document.createElement('span');
      caption.className = 'card-body p-1 small text-truncate preview-name';
      caption.textContent = file.name;
      caption.title = file.name;
      item.append(image, caption);
      previews.append(item);
    }
  }

  /** Keeps the files if there are few enough; otherwise refuses them at once and sends nothing. */
  function choose(files) {
    hideError();
    const count = files.length; // read first: clearing the input empties its FileList
    if (count > maxImages) {
      input.value = '';
      clearPreviews();
      showError('You chose ' + count + ' images, but at most ' + maxImages
        + ' can be classified at once. Nothing was sent: choose ' + maxImages + ' or fewer.');
      return false;
    }
    showPreviews(files);
    return true;
  }

  input.addEventListener('change', () => choose(input.files));

  ['dragenter', 'dragover'].forEach((type) => dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    dropZone.classList.add('drag-over');
  }));
  ['dragleave', 'dragend'].forEach((type) => dropZone.addEventListener(type, () => {
    dropZone.classList.remove('drag-over');
  }));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('drag-over');
    const files = event.dataTransfer ? event.dataTransfer.files : null;
    if (!files || files.length === 0) {
      return;
    }
    if (choose(files)) {
      const transfer = new DataTransfer();
      for (const file of files) {
        transfer.items.add(file);
      }
      input.files = transfer.files;
    }
  });

  form.addEventListener('submit', (event) => {
    const count = input.files.length;
    if (count === 0 || count > maxImages) {
      event.preventDefault();
      if (clientError.classList.contains('d-none')) {
        showError('Choose at least one image first.');
      }
      input.focus();
      return;
    }
    spinner.classList.remove('d-none');
    submitIcon.classList.add('d-none');
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    status.textContent = count === 1 ? 'Classifying 1 image…' : 'Classifying ' + count + ' images…';
  });

  // Coming back with the browser's back button shows the page as it was left: ready again.
  window.addEventListener('pageshow', () => {
    spinner.classList.add('d-none');
    submitIcon.classList.remove('d-none');
    submit.disabled = false;
    form.removeAttribute('aria-busy');
    status.textContent = '';
  });
})();
