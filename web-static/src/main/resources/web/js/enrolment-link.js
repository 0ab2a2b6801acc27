// The one link of the regulator desk to the class pages: a regulator opens the class-opening
// applications (openings.html), an admin their institution's classes (classes.html).
import { t } from './i18n.js';
import { takeCredentials, whoami } from './classroom-page.js';

const link = document.getElementById('link-enrolment');
const { token } = takeCredentials();
if (link && token) {
  whoami(token).then((me) => {
    if (me.role === 'admin') {
      link.href = '/classes.html';
      link.dataset.i18n = 'cls.link';
      link.textContent = t('cls.link');
    }
  }, () => { /* the desk shows the refusal */ });
}
