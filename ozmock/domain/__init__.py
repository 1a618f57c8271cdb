"""Stateful behaviour, one module per area. Importing this package registers them all."""

from . import access  # noqa: E402,F401  (/v1/roles)
from . import warehouses, products, products_api, catalogue_api, product_seed  # noqa: E402,F401  (products & catalogue)
from . import promos, pricing, reviews, questions, chats  # noqa: E402,F401  (rest of the seller world)
from . import finance, reports, analytics, seller_actions, rating  # noqa: E402,F401  (rest of the seller world)
from . import postings, postings_api, exemplars, labels, carriage, fbo, crossborder, returns, delivery_methods, warehouse_setup, push, postings_seed  # noqa: E402,F401  (orders & postings)
