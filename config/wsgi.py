import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Django and the apps are loaded and live as long as the worker: frozen out of the collector's way, a full
# collection scans only what requests leave behind. On this 2-core machine a full collection of the loaded
# portal (about 135,000 objects) takes 80–130 ms, which showed as the p95 of lists whose median is 20 ms.
gc.freeze()
