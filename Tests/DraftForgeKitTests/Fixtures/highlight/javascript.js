// Render a price list.
'use strict';

import { format } from './format.js';

const TAX = 0.2;
const pattern = /^\d+(\.\d{1,2})?$/gi;

/**
 * A product with a price in cents.
 */
class Product {
  #secret = 42n;

  constructor(name, cents = 0) {
    this.name = name;
    this.cents = cents ?? 0;
  }

  get label() {
    return `${this.name}: ${format(this.cents / 100)} (${ "}" })`;
  }
}

export async function total(products) {
  const sum = products.reduce((acc, p) => acc + p.cents, 0) / 2;
  const $el = document.querySelector("#total");
  $el.textContent = `Total: ${(sum * (1 + TAX)).toFixed(2)} €`;
  if (!pattern.test('12.50') && typeof sum === 'number') {
    throw new Error("bad \"price\"");
  }
  return { sum, count: products.length, hex: 0xff, big: 1e6 };
}
