/* dd-preflight-checkout.c — the preflight's checkout probe: a whole
 * checkout through a Medusa v2 store API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dd-medusa-feed.h"
#include "dd-medusa-store-api.h"
#include "dd-net-error.h"
#include "dd-preflight-checkout.h"

/* Medusa's built-in payment provider: authorizes without a card. */
#define SYSTEM_PAYMENT_PROVIDER "pp_system_default"

struct _DdPreflightCheckout
{
  SoupSession *session;
  char *store_url;
  char *key;
  char *tag;
  char *variant_id;
  char *region_id;
  char *country;
  char *shipping_option_id;
  char *description;
  GBytes *cart_body;
};

typedef enum
{
  STEP_REGIONS,
  STEP_PRODUCTS,
  STEP_DISCOVERY_CART,
  STEP_SHIPPING_OPTIONS,
  STEP_CART,
  STEP_SHIPPING_METHOD,
  STEP_PAYMENT_COLLECTION,
  STEP_PAYMENT_SESSION,
  STEP_COMPLETE,
  STEP_DONE,
} Step;

typedef struct
{
  DdPreflightCheckout *checkout;
  Step step;
  gint64 started_us;
  char *cart_id;
  char *collection_id;
  char *result_id;   /* the order made, or the shipping option found */
  DdPreflightCheckoutStepFunc step_func;
  gpointer step_data;
} Probe;

static void send_step (GTask *task);

static void
probe_free (Probe *probe)
{
  g_free (probe->cart_id);
  g_free (probe->collection_id);
  g_free (probe->result_id);
  g_free (probe);
}

static const char *
step_name (Step step)
{
  switch (step)
    {
    case STEP_REGIONS:
      return _("listing the store’s regions");
    case STEP_PRODUCTS:
      return _("listing the store’s products");
    case STEP_DISCOVERY_CART:
    case STEP_CART:
      return _("creating the cart");
    case STEP_SHIPPING_OPTIONS:
      return _("listing the shipping options");
    case STEP_SHIPPING_METHOD:
      return _("choosing the shipping method");
    case STEP_PAYMENT_COLLECTION:
      return _("opening the payment");
    case STEP_PAYMENT_SESSION:
      return _("starting the payment session");
    case STEP_COMPLETE:
      return _("completing the order");
    case STEP_DONE:
    default:
      return "";
    }
}

static GBytes *
object_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

static GBytes *
cart_body (DdPreflightCheckout *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *email = g_strdup ("preflight-probe@dropdeck.invalid");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "region_id");
  json_builder_add_string_value (builder, self->region_id);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "shipping_address");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "first_name");
  json_builder_add_string_value (builder, "Preflight");
  json_builder_set_member_name (builder, "last_name");
  json_builder_add_string_value (builder, "Probe");
  json_builder_set_member_name (builder, "address_1");
  json_builder_add_string_value (builder, "Synthetic traffic, do not ship");
  json_builder_set_member_name (builder, "city");
  json_builder_add_string_value (builder, "Preflight");
  json_builder_set_member_name (builder, "postal_code");
  json_builder_add_string_value (builder, "10115");
  json_builder_set_member_name (builder, "country_code");
  json_builder_add_string_value (builder, self->country);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "variant_id");
  json_builder_add_string_value (builder, self->variant_id);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, DD_MEDUSA_SYNTHETIC_KEY);
  json_builder_add_string_value (builder, self->tag);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return object_bytes (builder);
}

/* {"NAME": "VALUE"} */
static GBytes *
one_member_body (const char *name,
                 const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  return object_bytes (builder);
}

static void
step_request (GTask       *task,
              const char  *method,
              GBytes      *body,
              const char  *format,
              ...) G_GNUC_PRINTF (4, 5);

static void
step_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data);

static void
step_request (GTask       *task,
              const char  *method,
              GBytes      *body,
              const char  *format,
              ...)
{
  Probe *probe = g_task_get_task_data (task);
  DdPreflightCheckout *self = probe->checkout;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  url = g_strconcat (self->store_url, path, NULL);
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, DD_NET_ERROR, DD_NET_ERROR_FAILED,
                               _("The store address “%s” cannot be used"), self->store_url);
      g_object_unref (task);
      return;
    }
  headers = soup_message_get_request_headers (message);
  soup_message_headers_append (headers, "X-Dropdeck-Synthetic", self->tag);
  if (self->key != NULL)
    soup_message_headers_append (headers, "x-publishable-api-key", self->key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", body);
  probe->started_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    step_cb, task);
}

/* The answer as an object, or NULL with an error naming the step and what
 * Medusa said ({"type", "message"} on a refusal). */
static JsonObject *
step_answer (Probe        *probe,
             SoupMessage  *message,
             GBytes       *body,
             JsonParser   *parser,
             GError      **error)
{
  guint status = soup_message_get_status (message);
  const char *data;
  JsonObject *object = NULL;
  gsize len;

  data = g_bytes_get_data (body, &len);
  if (json_parser_load_from_data (parser, data, len, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *said = object != NULL ? json_object_get_string_member_with_default (object, "message", NULL) : NULL;
      gboolean key_refused = probe->step == STEP_REGIONS && (status == 400 || status == 401 || status == 403);

      /* Translators: "Medusa refused listing the store’s regions: HTTP 400 — A valid publishable key is required" */
      g_set_error (error, DD_NET_ERROR, key_refused ? DD_NET_ERROR_AUTH : DD_NET_ERROR_REJECTED,
                   _("Medusa refused %s: HTTP %u — %s%s"), step_name (probe->step), status,
                   said != NULL ? said : soup_message_get_reason_phrase (message),
                   key_refused ? _(" (check the store’s publishable API key)") : "");
      return NULL;
    }
  if (object == NULL)
    {
      g_set_error (error, DD_NET_ERROR, DD_NET_ERROR_PROTOCOL,
                   _("Medusa answered %s with something that is not a JSON object"), step_name (probe->step));
      return NULL;
    }
  return object;
}

/* Handles the answer of the probe's current step; FALSE with an error. */
static gboolean
take_answer (Probe       *probe,
             JsonObject  *answer,
             GError     **error)
{
  DdPreflightCheckout *self = probe->checkout;

  switch (probe->step)
    {
    case STEP_REGIONS:
      return dd_medusa_store_region_from_json (answer, &self->region_id, &self->country, error);
    case STEP_PRODUCTS:
      return (self->variant_id = dd_medusa_store_first_variant (answer, error)) != NULL;
    case STEP_DISCOVERY_CART:
    case STEP_CART:
      return (probe->cart_id = dd_medusa_store_object_id (answer, "cart", error)) != NULL;
    case STEP_SHIPPING_OPTIONS:
      if ((self->shipping_option_id = dd_medusa_store_first_shipping_option (answer, error)) == NULL)
        return FALSE;
      probe->result_id = g_strdup (self->shipping_option_id);
      return TRUE;
    case STEP_PAYMENT_COLLECTION:
      return (probe->collection_id = dd_medusa_store_object_id (answer, "payment_collection", error)) != NULL;
    case STEP_COMPLETE:
      return (probe->result_id = dd_medusa_store_completed_order (answer, error)) != NULL;
    case STEP_SHIPPING_METHOD:
    case STEP_PAYMENT_SESSION:
    case STEP_DONE:
    default:
      return TRUE;
    }
}

static void
step_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Probe *probe = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *answer;

  if (body == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Medusa did not answer %s: "), step_name (probe->step));
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  answer = step_answer (probe, soup_session_get_async_result_message (SOUP_SESSION (source), result),
                        body, parser, &error);
  if (answer == NULL || !take_answer (probe, answer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  if (probe->step >= STEP_CART && probe->step_func != NULL)
    probe->step_func (g_get_monotonic_time () - probe->started_us, probe->step_data);

  if (probe->step == STEP_SHIPPING_OPTIONS)
    {
      DdPreflightCheckout *self = probe->checkout;

      self->description = g_strdup_printf (_("region %s, variant %s, shipping option %s"),
                                           self->region_id, self->variant_id, self->shipping_option_id);
      probe->step = STEP_DONE;
    }
  else if (probe->step == STEP_REGIONS && probe->checkout->variant_id != NULL)
    probe->step = STEP_DISCOVERY_CART;
  else
    probe->step++;
  send_step (task);
}

static void
send_step (GTask *task)
{
  Probe *probe = g_task_get_task_data (task);
  DdPreflightCheckout *self = probe->checkout;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *key = NULL;

  switch (probe->step)
    {
    case STEP_REGIONS:
      step_request (task, SOUP_METHOD_GET, NULL, "/store/regions?limit=1&fields=id,*countries");
      break;
    case STEP_PRODUCTS:
      key = g_uri_escape_string (self->region_id, NULL, FALSE);
      step_request (task, SOUP_METHOD_GET, NULL, "/store/products?limit=1&fields=id,*variants&region_id=%s", key);
      break;
    case STEP_DISCOVERY_CART:
      self->cart_body = cart_body (self);
      step_request (task, SOUP_METHOD_POST, self->cart_body, "/store/carts");
      break;
    case STEP_SHIPPING_OPTIONS:
      key = g_uri_escape_string (probe->cart_id, NULL, FALSE);
      step_request (task, SOUP_METHOD_GET, NULL, "/store/shipping-options?cart_id=%s", key);
      break;
    case STEP_CART:
      step_request (task, SOUP_METHOD_POST, self->cart_body, "/store/carts");
      break;
    case STEP_SHIPPING_METHOD:
      body = one_member_body ("option_id", self->shipping_option_id);
      step_request (task, SOUP_METHOD_POST, body, "/store/carts/%s/shipping-methods", probe->cart_id);
      break;
    case STEP_PAYMENT_COLLECTION:
      body = one_member_body ("cart_id", probe->cart_id);
      step_request (task, SOUP_METHOD_POST, body, "/store/payment-collections");
      break;
    case STEP_PAYMENT_SESSION:
      body = one_member_body ("provider_id", SYSTEM_PAYMENT_PROVIDER);
      step_request (task, SOUP_METHOD_POST, body, "/store/payment-collections/%s/payment-sessions",
                    probe->collection_id);
      break;
    case STEP_COMPLETE:
      step_request (task, SOUP_METHOD_POST, NULL, "/store/carts/%s/complete", probe->cart_id);
      break;
    case STEP_DONE:
    default:
      g_task_return_pointer (task, g_steal_pointer (&probe->result_id), g_free);
      g_object_unref (task);
      break;
    }
}

static GTask *
probe_task (DdPreflightCheckout *self,
            Step                 first,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Probe *probe = g_new0 (Probe, 1);

  g_task_set_source_tag (task, source_tag);
  probe->checkout = self;
  probe->step = first;
  g_task_set_task_data (task, probe, (GDestroyNotify) probe_free);
  return task;
}

DdPreflightCheckout *
dd_preflight_checkout_new (SoupSession *session,
                           const char  *store_url,
                           const char  *publishable_key,
                           const char  *variant_id,
                           const char  *tag)
{
  DdPreflightCheckout *self = g_new0 (DdPreflightCheckout, 1);
  gsize len = strlen (store_url);

  while (len > 0 && store_url[len - 1] == '/')
    len--;
  self->session = g_object_ref (session);
  self->store_url = g_strndup (store_url, len);
  self->key = g_strdup (publishable_key);
  self->variant_id = g_strdup (variant_id);
  self->tag = g_strdup (tag);
  return self;
}

void
dd_preflight_checkout_free (DdPreflightCheckout *self)
{
  g_clear_object (&self->session);
  g_clear_pointer (&self->cart_body, g_bytes_unref);
  g_free (self->store_url);
  g_free (self->key);
  g_free (self->tag);
  g_free (self->variant_id);
  g_free (self->region_id);
  g_free (self->country);
  g_free (self->shipping_option_id);
  g_free (self->description);
  g_free (self);
}

void
dd_preflight_checkout_prepare_async (DdPreflightCheckout *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  send_step (probe_task (self, STEP_REGIONS, cancellable, callback, user_data, dd_preflight_checkout_prepare_async));
}

gboolean
dd_preflight_checkout_prepare_finish (DdPreflightCheckout  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_autofree char *shipping_option = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  shipping_option = g_task_propagate_pointer (G_TASK (result), error);
  return shipping_option != NULL;
}

const char *
dd_preflight_checkout_describe (DdPreflightCheckout *self)
{
  return self->description;
}

void
dd_preflight_checkout_run_async (DdPreflightCheckout         *self,
                                 DdPreflightCheckoutStepFunc  step,
                                 gpointer                     step_data,
                                 GCancellable                *cancellable,
                                 GAsyncReadyCallback          callback,
                                 gpointer                     user_data)
{
  GTask *task;
  Probe *probe;

  g_return_if_fail (self->shipping_option_id != NULL);

  task = probe_task (self, STEP_CART, cancellable, callback, user_data, dd_preflight_checkout_run_async);
  probe = g_task_get_task_data (task);
  probe->step_func = step;
  probe->step_data = step_data;
  send_step (task);
}

char *
dd_preflight_checkout_run_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
