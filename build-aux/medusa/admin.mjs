// Admin API helpers for build-aux/medusa.sh (Node >= 20.19, no packages):
//   node admin.mjs wait-health URL SECONDS PID   until GET /health answers 200
//   node admin.mjs api-key URL EMAIL PASSWORD    prints a new secret API key
//   node admin.mjs seed URL API_KEY              seeds the catalog below and
//                                                prints what it created as JSON
//   node admin.mjs checkout URL API_KEY          makes the store API sell: a
//                                                region, shipping, a probe
//                                                product and a publishable key
//                                                (prints them as JSON)
// SPDX-License-Identifier: GPL-3.0-or-later

const [command, base, ...args] = process.argv.slice(2)

// The catalog Dropdeck's integration test checks field by field: 3 products
// x 2 variants with EUR prices, 2 stock locations with hub data in metadata
// (numbers on one, strings as the admin dashboard writes them on the other),
// inventory levels and one reservation.
export const catalog = {
  products: [
    { title: "Glow Serum", handle: "glow-serum", option: "Size",
      variants: [{ title: "30 ml", sku: "GLOW-30", eur: 19.99 },
                 { title: "50 ml", sku: "GLOW-50", eur: 49.9 }] },
    { title: "Drop Tee", handle: "drop-tee", option: "Size",
      variants: [{ title: "M", sku: "TEE-M", eur: 29.95 },
                 { title: "L", sku: "TEE-L", eur: 0.3 }] },
    { title: "Night Lamp", handle: "night-lamp", option: "Colour",
      variants: [{ title: "Black", sku: "LAMP-B", eur: 129 },
                 { title: "White", sku: "LAMP-W", eur: 1000000.01 }] },
  ],
  locations: [
    { name: "Hub Kreuzberg",
      address: { address_1: "Oranienstraße 1", city: "Berlin", postal_code: "10999", country_code: "de" },
      metadata: { latitude: 52.4986, longitude: 13.403, capacity_per_hour: 120, couriers: 6,
                  cutoff_minute: 960, address: "Oranienstraße 1, 10999 Berlin" } },
    { name: "Hub Altona",
      address: { address_1: "Große Bergstraße 160", city: "Hamburg", postal_code: "22767", country_code: "de" },
      metadata: { latitude: "53.5503", longitude: "9.9358", capacity_per_hour: "80", couriers: "4",
                  cutoff_minute: "900" } },
  ],
  levels: [
    ["Hub Kreuzberg", "GLOW-30", 40], ["Hub Kreuzberg", "GLOW-50", 25],
    ["Hub Kreuzberg", "TEE-M", 10], ["Hub Kreuzberg", "TEE-L", 12],
    ["Hub Kreuzberg", "LAMP-B", 5], ["Hub Kreuzberg", "LAMP-W", 0],
    ["Hub Altona", "GLOW-30", 15], ["Hub Altona", "TEE-M", 8],
  ],
  reservations: [["Hub Kreuzberg", "GLOW-30", 3]],
}

async function call(method, path, { key, token, body } = {}) {
  const headers = { "content-type": "application/json" }
  if (key) headers.authorization = "Basic " + Buffer.from(key + ":").toString("base64")
  if (token) headers.authorization = "Bearer " + token
  const res = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text}`)
  return text ? JSON.parse(text) : {}
}

async function waitHealth(seconds, pid) {
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    if (pid) {
      try { process.kill(Number(pid), 0) } catch { throw new Error(`Medusa (PID ${pid}) exited`) }
    }
    try {
      const res = await fetch(base + "/health")
      if (res.ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`no answer from ${base}/health within ${seconds} s`)
}

async function apiKey(email, password) {
  const { token } = await call("POST", "/auth/user/emailpass", { body: { email, password } })
  const { api_key } = await call("POST", "/admin/api-keys",
                                 { token, body: { title: "dropdeck-tests", type: "secret" } })
  process.stdout.write(api_key.token + "\n")
}

async function seed(key) {
  const out = { products: {}, locations: {}, inventory_items: {} }
  for (const p of catalog.products) {
    const { product } = await call("POST", "/admin/products", { key, body: {
      title: p.title, handle: p.handle, status: "published",
      options: [{ title: p.option, values: p.variants.map((v) => v.title) }],
      variants: p.variants.map((v) => ({
        title: v.title, sku: v.sku, manage_inventory: true,
        options: { [p.option]: v.title },
        prices: [{ currency_code: "eur", amount: v.eur }],
      })),
    } })
    out.products[p.handle] = product.id
  }
  for (const l of catalog.locations) {
    const { stock_location } = await call("POST", "/admin/stock-locations", { key, body: l })
    out.locations[l.name] = stock_location.id
  }
  for (const [loc, sku, qty] of catalog.levels) {
    if (!out.inventory_items[sku]) {
      const { inventory_items } = await call("GET", `/admin/inventory-items?sku=${encodeURIComponent(sku)}`, { key })
      if (inventory_items.length !== 1) throw new Error(`no single inventory item for ${sku}`)
      out.inventory_items[sku] = inventory_items[0].id
    }
    await call("POST", `/admin/inventory-items/${out.inventory_items[sku]}/location-levels`,
               { key, body: { location_id: out.locations[loc], stocked_quantity: qty } })
  }
  for (const [loc, sku, qty] of catalog.reservations) {
    await call("POST", "/admin/reservations", { key, body: {
      location_id: out.locations[loc], inventory_item_id: out.inventory_items[sku],
      quantity: qty, description: "dropdeck integration test" } })
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n")
}

// What a checkout through the store API needs, on top of the catalog: a
// region (EUR, Germany) paid through Medusa's built-in system provider, a
// shipping profile, a stock location in the default sales channel with a
// shipping fulfilment set serving Germany and a flat-rate option, a probe
// product whose stock is not tracked (so a few hundred synthetic orders
// leave the seeded levels alone), and a publishable API key linked to the
// default sales channel. Kept apart from `seed` so the catalog tests see
// exactly the catalog above.
async function checkout(key) {
  const { stores } = await call("GET", "/admin/stores", { key })
  const channel = stores[0].default_sales_channel_id
  const { region } = await call("POST", "/admin/regions", { key, body: {
    name: "Germany", currency_code: "eur", countries: ["de"], payment_providers: ["pp_system_default"] } })
  const { shipping_profile } = await call("POST", "/admin/shipping-profiles",
                                          { key, body: { name: "Parcels", type: "default" } })
  const { stock_location } = await call("POST", "/admin/stock-locations", { key, body: {
    name: "Checkout Probe Warehouse",
    address: { address_1: "Lagerweg 1", city: "Berlin", postal_code: "10115", country_code: "de" } } })
  await call("POST", `/admin/stock-locations/${stock_location.id}/sales-channels`, { key, body: { add: [channel] } })
  await call("POST", `/admin/stock-locations/${stock_location.id}/fulfillment-providers`,
             { key, body: { add: ["manual_manual"] } })
  const withSet = await call("POST", `/admin/stock-locations/${stock_location.id}/fulfillment-sets?fields=*fulfillment_sets`,
                             { key, body: { name: "Germany parcels", type: "shipping" } })
  const set = withSet.stock_location.fulfillment_sets[0]
  const { fulfillment_set } = await call("POST", `/admin/fulfillment-sets/${set.id}/service-zones`, { key, body: {
    name: "Germany", geo_zones: [{ type: "country", country_code: "de" }] } })
  const zone = fulfillment_set.service_zones[0]
  const { shipping_option } = await call("POST", "/admin/shipping-options", { key, body: {
    name: "Standard parcel", price_type: "flat", service_zone_id: zone.id,
    shipping_profile_id: shipping_profile.id, provider_id: "manual_manual",
    type: { label: "Standard", description: "Two to three days", code: "standard" },
    prices: [{ currency_code: "eur", amount: 4.9 }, { region_id: region.id, amount: 4.9 }],
    rules: [{ attribute: "enabled_in_store", value: "true", operator: "eq" },
            { attribute: "is_return", value: "false", operator: "eq" }] } })
  const { product } = await call("POST", "/admin/products", { key, body: {
    title: "Checkout Probe", handle: "checkout-probe", status: "published",
    shipping_profile_id: shipping_profile.id, sales_channels: [{ id: channel }],
    options: [{ title: "Size", values: ["One size"] }],
    variants: [{ title: "One size", sku: "PROBE-1", manage_inventory: false,
                 options: { Size: "One size" }, prices: [{ currency_code: "eur", amount: 1 }] }] } })
  const { api_key } = await call("POST", "/admin/api-keys",
                                 { key, body: { title: "dropdeck-preflight", type: "publishable" } })
  await call("POST", `/admin/api-keys/${api_key.id}/sales-channels`, { key, body: { add: [channel] } })
  process.stdout.write(JSON.stringify({
    publishable_key: api_key.token, region: region.id, sales_channel: channel,
    shipping_option: shipping_option.id, variant: product.variants[0].id, product: product.id }, null, 2) + "\n")
}

try {
  if (command === "wait-health") await waitHealth(Number(args[0] || 60), args[1])
  else if (command === "api-key") await apiKey(args[0], args[1])
  else if (command === "seed") await seed(args[0])
  else if (command === "checkout") await checkout(args[0])
  else throw new Error("usage: admin.mjs wait-health|api-key|seed|checkout URL ...")
} catch (e) {
  console.error("admin.mjs: " + e.message)
  process.exit(1)
}
