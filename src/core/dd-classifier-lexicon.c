/* dd-classifier-lexicon.c — the classifier's data: English and Spanish
 * lexicons, brands and their domains, and the weights of the linear layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dd-classifier-private.h"

#define F(x) DD_FEATURE_BIT (DD_FEATURE_##x)

/* Keys are normalised the way the tokeniser does it: lower case, accents
 * removed, apostrophes dropped ("I'll" -> "ill"), words separated by one
 * space. Phrases have at most four words. */
typedef struct
{
  const char *key;
  guint64     features;
  DdSlotKind  slot;
  const char *slot_value;
} LexiconSource;

static const LexiconSource lexicon[] = {
  /* Size questions. */
  { "size", F (SIZE_WORD) }, { "sizes", F (SIZE_WORD) }, { "sizing", F (SIZE_WORD) },
  { "talla", F (SIZE_WORD) }, { "tallas", F (SIZE_WORD) }, { "tallaje", F (SIZE_WORD) },
  { "fit", F (SIZE_WORD) }, { "fits", F (SIZE_WORD) }, { "fitting", F (SIZE_WORD) },
  { "run small", F (SIZE_WORD) }, { "run big", F (SIZE_WORD) }, { "runs small", F (SIZE_WORD) },
  { "runs big", F (SIZE_WORD) }, { "run large", F (SIZE_WORD) }, { "runs large", F (SIZE_WORD) },
  { "measurements", F (SIZE_WORD) }, { "medidas", F (SIZE_WORD) }, { "mide", F (SIZE_WORD) },
  { "miden", F (SIZE_WORD) }, { "length", F (SIZE_WORD) }, { "largo", F (SIZE_WORD) },
  { "inseam", F (SIZE_WORD) }, { "waist", F (SIZE_WORD) }, { "bust", F (SIZE_WORD) },
  { "chart", F (SIZE_WORD) }, { "petite", F (SIZE_WORD) }, { "oversized", F (SIZE_WORD) },
  { "holgado", F (SIZE_WORD) }, { "holgada", F (SIZE_WORD) }, { "entallado", F (SIZE_WORD) },
  { "entallada", F (SIZE_WORD) }, { "ajustado", F (SIZE_WORD) }, { "stretch", F (SIZE_WORD) },
  { "narrow", F (SIZE_WORD) }, { "sleeves", F (SIZE_WORD) }, { "mangas", F (SIZE_WORD) },
  { "slim fit", F (SIZE_WORD) }, { "guia de tallas", F (SIZE_WORD) },
  { "size guide", F (SIZE_WORD) }, { "queda grande", F (SIZE_WORD) },
  { "queda pequeno", F (SIZE_WORD) }, { "queda bien", F (SIZE_WORD) }, { "te queda", F (CHATTER) },
  { "talle", F (SIZE_WORD) }, { "should i get", F (SIZE_WORD) }, { "cual me pido", F (SIZE_WORD) },

  { "xs", 0, DD_SLOT_SIZE, "XS" }, { "s", 0, DD_SLOT_SIZE, "S" }, { "m", 0, DD_SLOT_SIZE, "M" },
  { "l", 0, DD_SLOT_SIZE, "L" }, { "xl", 0, DD_SLOT_SIZE, "XL" }, { "xxl", 0, DD_SLOT_SIZE, "XXL" },
  { "2xl", 0, DD_SLOT_SIZE, "XXL" }, { "xxxl", 0, DD_SLOT_SIZE, "XXXL" },
  { "3xl", 0, DD_SLOT_SIZE, "XXXL" }, { "xxs", 0, DD_SLOT_SIZE, "XXS" },
  { "small", 0, DD_SLOT_SIZE, "S" }, { "medium", 0, DD_SLOT_SIZE, "M" },
  { "large", 0, DD_SLOT_SIZE, "L" }, { "pequena", 0, DD_SLOT_SIZE, "S" },
  { "pequeno", 0, DD_SLOT_SIZE, "S" }, { "pequenas", 0, DD_SLOT_SIZE, "S" },
  { "mediana", 0, DD_SLOT_SIZE, "M" }, { "mediano", 0, DD_SLOT_SIZE, "M" },
  { "grande", 0, DD_SLOT_SIZE, "L" },

  /* Price questions. */
  { "how much", F (PRICE_STRONG) }, { "price", F (PRICE_STRONG) }, { "prices", F (PRICE_STRONG) },
  { "precio", F (PRICE_STRONG) }, { "precios", F (PRICE_STRONG) }, { "cost", F (PRICE_STRONG) },
  { "costs", F (PRICE_STRONG) }, { "cuesta", F (PRICE_STRONG) }, { "cuestan", F (PRICE_STRONG) },
  { "vale", F (PRICE_STRONG) }, { "valen", F (PRICE_STRONG) }, { "valia", F (PRICE_STRONG) },
  { "cuanto sale", F (PRICE_STRONG) }, { "euros", F (PRICE_STRONG) },
  { "dollars", F (PRICE_STRONG) }, { "dolares", F (PRICE_STRONG) }, { "pesos", F (PRICE_STRONG) },
  { "in euros", F (PRICE_STRONG) }, { "in dollars", F (PRICE_STRONG) },
  { "en dolares", F (PRICE_STRONG) }, { "cuanto", F (PRICE_WEAK) },
  { "discount", F (PRICE_WEAK) | F (DEAL) }, { "descuento", F (PRICE_WEAK) | F (DEAL) },
  { "discounts", F (PRICE_WEAK) | F (DEAL) }, { "descuentos", F (PRICE_WEAK) | F (DEAL) },
  { "coupon", F (PRICE_WEAK) }, { "cupon", F (PRICE_WEAK) }, { "tax", F (PRICE_WEAK) },
  { "iva", F (PRICE_WEAK) }, { "vat", F (PRICE_WEAK) }, { "cheaper", F (PRICE_WEAK) | F (DEAL) },
  { "barato", F (PRICE_WEAK) | F (DEAL) }, { "mas barato", F (PRICE_WEAK) | F (DEAL) },
  { "off", F (DEAL) }, { "total", F (PRICE_WEAK) }, { "sale price", F (PRICE_STRONG) },
  { "te hago precio", F (DEAL) }, { "better price", F (DEAL) }, { "mejor precio", F (DEAL) },
  { "cuanto tarda", F (SHIPPING_WEAK) | F (TIME_QUESTION) }, { "cuanto dura", F (TIME_QUESTION) },
  { "cuanto falta", F (TIME_QUESTION) }, { "cuanto tiempo", F (TIME_QUESTION) },

  /* Availability. */
  { "available", F (AVAIL_STRONG) }, { "availability", F (AVAIL_STRONG) },
  { "disponible", F (AVAIL_STRONG) }, { "disponibles", F (AVAIL_STRONG) },
  { "stock", F (AVAIL_STRONG) }, { "in stock", F (AVAIL_STRONG) }, { "restock", F (AVAIL_STRONG) },
  { "restocking", F (AVAIL_STRONG) }, { "reponer", F (AVAIL_STRONG) },
  { "reponen", F (AVAIL_STRONG) }, { "left", F (AVAIL_STRONG) }, { "quedan", F (AVAIL_STRONG) },
  { "queda la", F (AVAIL_STRONG) }, { "queda el", F (AVAIL_STRONG) },
  { "queda alguno", F (AVAIL_STRONG) }, { "queda alguna", F (AVAIL_STRONG) },
  { "queda algo", F (AVAIL_STRONG) }, { "queda", F (AVAIL_WEAK) }, { "agotado", F (AVAIL_STRONG) },
  { "agotada", F (AVAIL_STRONG) }, { "agotados", F (AVAIL_STRONG) }, { "gone", F (AVAIL_STRONG) },
  { "se acabo", F (AVAIL_STRONG) }, { "other colours", F (AVAIL_STRONG) },
  { "other colors", F (AVAIL_STRONG) }, { "more colours", F (AVAIL_STRONG) },
  { "more colors", F (AVAIL_STRONG) }, { "otros colores", F (AVAIL_STRONG) },
  { "mas colores", F (AVAIL_STRONG) }, { "more coming", F (AVAIL_STRONG) },
  { "come back", F (AVAIL_STRONG) }, { "vuelve a haber", F (AVAIL_STRONG) },
  { "sold out", F (SOLD_OUT) }, { "do you have", F (AVAIL_WEAK) },
  { "do you still have", F (AVAIL_WEAK) }, { "tienes", F (AVAIL_WEAK) },
  { "tienen", F (AVAIL_WEAK) }, { "hay", F (AVAIL_WEAK) }, { "hay en", F (AVAIL_STRONG) },
  { "still", F (AVAIL_WEAK) }, { "todavia", F (AVAIL_WEAK) }, { "aun", F (AVAIL_WEAK) },
  { "come in", F (AVAIL_WEAK) }, { "comes in", F (AVAIL_WEAK) }, { "viene en", F (AVAIL_WEAK) },
  { "vienen en", F (AVAIL_WEAK) }, { "can i get", F (AVAIL_WEAK) },
  { "puedo conseguir", F (AVAIL_WEAK) }, { "se puede conseguir", F (AVAIL_WEAK) },
  { "any more", F (AVAIL_STRONG) }, { "still there", F (AVAIL_STRONG) },
  { "still have", F (AVAIL_STRONG) }, { "anymore", F (AVAIL_WEAK) },

  /* Purchase claims. */
  { "sold", F (PURCHASE) }, { "vendido", F (PURCHASE) }, { "vendida", F (PURCHASE) },
  { "lo quiero", F (PURCHASE) }, { "la quiero", F (PURCHASE) }, { "los quiero", F (PURCHASE) },
  { "me lo llevo", F (PURCHASE) }, { "me la llevo", F (PURCHASE) },
  { "me los llevo", F (PURCHASE) }, { "ill take", F (PURCHASE) }, { "i will take", F (PURCHASE) },
  { "ill buy", F (PURCHASE) }, { "i will buy", F (PURCHASE) }, { "take my money", F (PURCHASE) },
  { "claim", F (PURCHASE_WEAK) | F (BAIT) }, { "apuntame", F (PURCHASE) },
  { "me apunto", F (PURCHASE) }, { "compro", F (PURCHASE) }, { "bought", F (PURCHASE) },
  { "ordered", F (PURCHASE) }, { "purchased", F (PURCHASE) }, { "me quedo", F (PURCHASE) },
  { "reserve", F (PURCHASE_WEAK) }, { "put me down", F (PURCHASE) },
  { "add to my cart", F (PURCHASE) }, { "im buying", F (PURCHASE) }, { "im getting", F (PURCHASE) },
  { "ya lo pedi", F (PURCHASE) }, { "pedido hecho", F (PURCHASE) },
  { "ya lo compre", F (PURCHASE) }, { "acabo de comprar", F (PURCHASE) },
  { "lo compre", F (PURCHASE) }, { "just bought", F (PURCHASE) },
  { "yo me lo quedo", F (PURCHASE) }, { "me lo quedo", F (PURCHASE) },
  { "mine", F (PURCHASE_WEAK) }, { "i want", F (PURCHASE_WEAK) }, { "quiero", F (PURCHASE_WEAK) },
  { "taking", F (PURCHASE_WEAK) }, { "need it", F (PURCHASE_WEAK) },
  { "lo necesito", F (PURCHASE_WEAK) },

  /* Shipping. */
  { "ship", F (SHIPPING) }, { "ships", F (SHIPPING) }, { "shipping", F (SHIPPING) },
  { "shipped", F (SHIPPING) }, { "delivery", F (SHIPPING) }, { "deliver", F (SHIPPING) },
  { "envio", F (SHIPPING) }, { "envios", F (SHIPPING) }, { "envian", F (SHIPPING) },
  { "envias", F (SHIPPING) }, { "mandan", F (SHIPPING) }, { "tracking", F (SHIPPING) },
  { "seguimiento", F (SHIPPING) }, { "courier", F (SHIPPING) }, { "mensajeria", F (SHIPPING) },
  { "dhl", F (SHIPPING) }, { "correos", F (SHIPPING) }, { "fedex", F (SHIPPING) },
  { "customs", F (SHIPPING) }, { "aduana", F (SHIPPING) }, { "pick it up", F (SHIPPING) },
  { "pick up", F (SHIPPING) }, { "pickup", F (SHIPPING) }, { "recoger", F (SHIPPING) },
  { "recogerlo", F (SHIPPING) }, { "collect", F (SHIPPING) }, { "entrega", F (SHIPPING) },
  { "returns", F (SHIPPING) }, { "internationally", F (SHIPPING) }, { "next day", F (SHIPPING) },
  { "internacionales", F (SHIPPING) }, { "parcel", F (SHIPPING_WEAK) },
  { "paquete", F (SHIPPING_WEAK) }, { "package", F (SHIPPING_WEAK) },
  { "arrive", F (SHIPPING_WEAK) }, { "arrived", F (SHIPPING_WEAK) },
  { "llega", F (SHIPPING_WEAK) }, { "llegar", F (SHIPPING_WEAK) },
  { "llegara", F (SHIPPING_WEAK) }, { "llegado", F (SHIPPING_WEAK) },

  /* Remarks rather than questions. */
  { "thanks", F (CHATTER) }, { "thank", F (CHATTER) }, { "gracias", F (CHATTER) },
  { "love", F (CHATTER) }, { "perfect", F (CHATTER) }, { "perfecto", F (CHATTER) },
  { "happy", F (CHATTER) }, { "great", F (CHATTER) }, { "amazing", F (CHATTER) },

  /* Spam: follow requests and self-promotion. */
  { "follow me", F (FOLLOW_REQUEST) }, { "follow my", F (FOLLOW_REQUEST) },
  { "follow for follow", F (FOLLOW_REQUEST) }, { "f4f", F (FOLLOW_REQUEST) },
  { "sub4sub", F (FOLLOW_REQUEST) }, { "sub for sub", F (FOLLOW_REQUEST) },
  { "l4l", F (FOLLOW_REQUEST) }, { "sigueme", F (FOLLOW_REQUEST) },
  { "siganme", F (FOLLOW_REQUEST) }, { "dale follow", F (FOLLOW_REQUEST) },
  { "subscribe to my", F (FOLLOW_REQUEST) }, { "sub to my", F (FOLLOW_REQUEST) },
  { "suscribete", F (FOLLOW_REQUEST) }, { "suscribanse", F (FOLLOW_REQUEST) },
  { "like and follow", F (FOLLOW_REQUEST) }, { "follow", F (ATTENTION) },
  { "my channel", F (SELF_PROMO) }, { "mi canal", F (SELF_PROMO) }, { "my page", F (SELF_PROMO) },
  { "mi perfil", F (SELF_PROMO) }, { "my profile", F (SELF_PROMO) }, { "my shop", F (SELF_PROMO) },
  { "my store", F (SELF_PROMO) }, { "mi tienda", F (SELF_PROMO) }, { "my bio", F (SELF_PROMO) },
  { "in bio", F (SELF_PROMO) }, { "en mi bio", F (SELF_PROMO) }, { "my youtube", F (SELF_PROMO) },
  { "my yt", F (SELF_PROMO) }, { "my tiktok", F (SELF_PROMO) }, { "mi tiktok", F (SELF_PROMO) },
  { "my insta", F (SELF_PROMO) }, { "mi insta", F (SELF_PROMO) }, { "my stream", F (SELF_PROMO) },
  { "my live", F (SELF_PROMO) }, { "a mi directo", F (SELF_PROMO) }, { "my video", F (SELF_PROMO) },
  { "new video", F (SELF_PROMO) }, { "new vid", F (SELF_PROMO) }, { "nuevo video", F (SELF_PROMO) },
  { "watch my", F (SELF_PROMO) }, { "check out my", F (SELF_PROMO) },
  { "check my", F (SELF_PROMO) }, { "visit my", F (SELF_PROMO) }, { "visita mi", F (SELF_PROMO) },
  { "mira mi", F (SELF_PROMO) }, { "come to my", F (SELF_PROMO) },
  { "vengan a mi", F (SELF_PROMO) }, { "join my stream", F (SELF_PROMO) },
  { "unanse a mi", F (SELF_PROMO) }, { "my etsy", F (SELF_PROMO) }, { "onlyfans", F (SELF_PROMO) },
  { "promo", F (SELF_PROMO) }, { "promoting", F (SELF_PROMO) }, { "shoutouts", F (SELF_PROMO) },
  { "cheap followers", F (SELF_PROMO) }, { "buy followers", F (SELF_PROMO) },
  { "compra seguidores", F (SELF_PROMO) }, { "seguidores baratos", F (SELF_PROMO) },
  { "grow your channel", F (SELF_PROMO) }, { "dropshipping", F (SELF_PROMO) },
  { "dropship", F (SELF_PROMO) }, { "earn money", F (SELF_PROMO) },
  { "make money", F (SELF_PROMO) }, { "gana dinero", F (SELF_PROMO) },
  { "desde casa", F (SELF_PROMO) }, { "from home", F (SELF_PROMO) }, { "my brand", F (SELF_PROMO) },
  { "vendo mas barato", F (SELF_PROMO) }, { "say hi", F (ATTENTION) },
  { "saludame", F (ATTENTION) }, { "saluda", F (ATTENTION) }, { "notice me", F (ATTENTION) },
  { "shoutout", F (ATTENTION) },

  /* Scam: bait, moving the conversation elsewhere, payment, credentials. */
  { "free", F (BAIT) }, { "gratis", F (BAIT) }, { "giveaway", F (BAIT) }, { "sorteo", F (BAIT) },
  { "reclama", F (BAIT) }, { "reclamala", F (BAIT) }, { "prize", F (BAIT) }, { "premio", F (BAIT) },
  { "premios", F (BAIT) }, { "won", F (BAIT) }, { "you won", F (BAIT) }, { "ganaste", F (BAIT) },
  { "winner", F (BAIT) }, { "winners", F (BAIT) }, { "ganadores", F (BAIT) },
  { "ganador", F (BAIT) }, { "congrats", F (BAIT) }, { "congratulations", F (BAIT) },
  { "felicidades", F (BAIT) }, { "selected", F (BAIT) }, { "reward", F (BAIT) },
  { "rewards", F (BAIT) }, { "voucher", F (BAIT) }, { "airdrop", F (BAIT) | F (CRYPTO) },
  { "bonus", F (BAIT) }, { "regalo", F (BAIT) }, { "gift card", F (BAIT) | F (PAY) },
  { "tarjeta regalo", F (BAIT) | F (PAY) }, { "win", F (BAIT) }, { "gana", F (BAIT) },
  { "free stuff", F (BAIT) }, { "free gift", F (BAIT) }, { "dm me", F (DM) }, { "dm", F (DM) },
  { "pm me", F (DM) }, { "message me", F (DM) }, { "inbox me", F (DM) }, { "escribeme", F (DM) },
  { "privado", F (DM) }, { "privately", F (DM) }, { "mandame dm", F (DM) },
  { "mandame mensaje", F (DM) }, { "whatsapp", F (DM) }, { "whatsapp me", F (DM) },
  { "telegram", F (DM) }, { "my telegram", F (DM) }, { "pay", F (PAY) }, { "pagar", F (PAY) },
  { "payment", F (PAY) }, { "pago", F (PAY) }, { "bizum", F (PAY) | F (PAY_OFF_PLATFORM) },
  { "cashapp", F (PAY) | F (PAY_OFF_PLATFORM) }, { "venmo", F (PAY) | F (PAY_OFF_PLATFORM) },
  { "zelle", F (PAY) | F (PAY_OFF_PLATFORM) }, { "western union", F (PAY) | F (PAY_OFF_PLATFORM) },
  { "card details", F (CREDENTIALS) }, { "datos de tarjeta", F (CREDENTIALS) },
  { "tus datos", F (CREDENTIALS) }, { "tu tarjeta", F (CREDENTIALS) },
  { "your card", F (CREDENTIALS) }, { "confirm card", F (CREDENTIALS) },
  { "password", F (CREDENTIALS) }, { "contrasena", F (CREDENTIALS) }, { "login", F (CREDENTIALS) },
  { "log in", F (CREDENTIALS) }, { "verify", F (CREDENTIALS) }, { "verifica", F (CREDENTIALS) },
  { "suspended", F (CREDENTIALS) }, { "suspendida", F (CREDENTIALS) },
  { "on hold", F (CREDENTIALS) }, { "your address", F (CREDENTIALS) }, { "btc", F (CRYPTO) },
  { "bitcoin", F (CRYPTO) }, { "eth", F (CRYPTO) }, { "ethereum", F (CRYPTO) },
  { "usdt", F (CRYPTO) }, { "crypto", F (CRYPTO) }, { "cripto", F (CRYPTO) },
  { "wallet", F (CRYPTO) }, { "coin", F (CRYPTO) }, { "coins", F (CRYPTO) },
  { "connect your wallet", F (CRYPTO) | F (CREDENTIALS) }, { "invest", F (INVEST) },
  { "invierte", F (INVEST) }, { "guaranteed", F (INVEST) }, { "garantizadas", F (INVEST) },
  { "garantizado", F (INVEST) }, { "double", F (INVEST) }, { "doble", F (INVEST) },
  { "el doble", F (INVEST) }, { "double your", F (INVEST) }, { "ganancias", F (INVEST) },
  { "invest with me", F (INVEST) | F (CRYPTO) }, { "invierte conmigo", F (INVEST) | F (CRYPTO) },
  { "guaranteed returns", F (INVEST) | F (CRYPTO) },
  { "returns guaranteed", F (INVEST) | F (CRYPTO) },
  { "ganancias garantizadas", F (INVEST) | F (CRYPTO) }, { "assistant", F (IMPERSONATION) },
  { "asistente", F (IMPERSONATION) }, { "i work for", F (IMPERSONATION) },
  { "trabajo para", F (IMPERSONATION) }, { "host approved", F (IMPERSONATION) },

  /* Toxic: insults, threats, telling someone to leave. Mild on purpose. */
  { "idiot", F (INSULT_STRONG) }, { "idiots", F (INSULT_STRONG) }, { "idiota", F (INSULT_STRONG) },
  { "idiotas", F (INSULT_STRONG) }, { "moron", F (INSULT_STRONG) }, { "morons", F (INSULT_STRONG) },
  { "imbecile", F (INSULT_STRONG) }, { "imbecil", F (INSULT_STRONG) },
  { "imbeciles", F (INSULT_STRONG) }, { "estupida", F (INSULT_STRONG) },
  { "estupido", F (INSULT_STRONG) }, { "clown", F (INSULT_STRONG) },
  { "payaso", F (INSULT_STRONG) }, { "payasa", F (INSULT_STRONG) }, { "loser", F (INSULT_STRONG) },
  { "perdedora", F (INSULT_STRONG) }, { "perdedor", F (INSULT_STRONG) },
  { "scammer", F (INSULT_STRONG) }, { "scammers", F (INSULT_STRONG) },
  { "thieves", F (INSULT_STRONG) }, { "ladrones", F (INSULT_STRONG) },
  { "estafadores", F (INSULT_STRONG) }, { "estafadora", F (INSULT_STRONG) },
  { "estafador", F (INSULT_STRONG) }, { "kys", F (INSULT_STRONG) }, { "stfu", F (SILENCE) },
  { "pathetic", F (INSULT_STRONG) }, { "patetica", F (INSULT_STRONG) },
  { "patetico", F (INSULT_STRONG) }, { "garbage", F (INSULT_STRONG) },
  { "basura", F (INSULT_STRONG) }, { "me das asco", F (INSULT_STRONG) },
  { "you disgust me", F (INSULT_STRONG) }, { "disgusting", F (INSULT_MILD) },
  { "stupid", F (INSULT_MILD) }, { "dumb", F (INSULT_MILD) }, { "ugly", F (INSULT_MILD) },
  { "ugliest", F (INSULT_MILD) }, { "fea", F (INSULT_MILD) }, { "feo", F (INSULT_MILD) },
  { "fat", F (INSULT_MILD) }, { "gorda", F (INSULT_MILD) }, { "gordo", F (INSULT_MILD) },
  { "cow", F (INSULT_MILD) }, { "trash", F (INSULT_MILD) }, { "tonta", F (INSULT_MILD) },
  { "tonto", F (INSULT_MILD) }, { "pesada", F (INSULT_MILD) }, { "pesado", F (INSULT_MILD) },
  { "useless", F (INSULT_MILD) }, { "inutil", F (INSULT_MILD) }, { "inutiles", F (INSULT_MILD) },
  { "fraud", F (INSULT_MILD) }, { "liar", F (INSULT_MILD) }, { "mentirosa", F (INSULT_MILD) },
  { "mentiroso", F (INSULT_MILD) }, { "asco", F (INSULT_MILD) }, { "ashamed", F (INSULT_MILD) },
  { "verguenza", F (INSULT_MILD) }, { "worst host", F (INSULT_MILD) }, { "lame", F (INSULT_MILD) },
  { "joke", F (INSULT_MILD) }, { "annoying", F (INSULT_MILD) }, { "mierda", F (INSULT_MILD) },
  { "vete a la mierda", F (SILENCE) }, { "that sold", F (NARRATION) }, { "it sold", F (NARRATION) },
  { "already sold", F (NARRATION) }, { "sold fast", F (NARRATION) }, { "sold so", F (NARRATION) },
  { "was sold", F (NARRATION) }, { "were sold", F (NARRATION) }, { "got sold", F (NARRATION) },
  { "se vendio", F (NARRATION) },
  { "where you live", F (THREAT) }, { "donde vives", F (THREAT) },
  { "watch your back", F (THREAT) }, { "ten cuidado", F (THREAT) }, { "go die", F (THREAT) },
  { "die", F (THREAT) }, { "muerete", F (THREAT) }, { "te mueras", F (THREAT) },
  { "te voy a encontrar", F (THREAT) }, { "find you", F (THREAT) }, { "kill you", F (THREAT) },
  { "te voy a matar", F (THREAT) }, { "get fired", F (THREAT) }, { "te despidan", F (THREAT) },
  { "lose your job", F (THREAT) }, { "shut up", F (SILENCE) }, { "callate", F (SILENCE) },
  { "calla", F (SILENCE) }, { "go away", F (SILENCE) }, { "get off", F (SILENCE) },
  { "vete", F (SILENCE) }, { "largate", F (SILENCE) }, { "fuera del directo", F (SILENCE) },
  { "nobody cares", F (SILENCE) }, { "who cares", F (SILENCE) },
  { "a nadie le importa", F (SILENCE) }, { "nadie te quiere", F (SILENCE) },
  { "nobody likes you", F (SILENCE) }, { "nobody asked", F (SILENCE) },
  { "nobody wants", F (SILENCE) }, { "nadie quiere", F (SILENCE) },
  { "a quien le importa", F (SILENCE) },

  /* Who a remark is aimed at. */
  { "you", F (DIRECTED) }, { "youre", F (DIRECTED) }, { "your", F (DIRECTED) },
  { "u", F (DIRECTED) }, { "ur", F (DIRECTED) }, { "eres", F (DIRECTED) }, { "te", F (DIRECTED) },
  { "host", F (DIRECTED) }, { "presentadora", F (DIRECTED) }, { "presentador", F (DIRECTED) },
  { "woman", F (DIRECTED) }, { "mods", F (DIRECTED) }, { "moderadores", F (DIRECTED) },
  { "moderators", F (DIRECTED) },

  /* Colours, named in English in the slot. */
  { "white", 0, DD_SLOT_COLOUR, "white" }, { "blanco", 0, DD_SLOT_COLOUR, "white" },
  { "blanca", 0, DD_SLOT_COLOUR, "white" }, { "blancas", 0, DD_SLOT_COLOUR, "white" },
  { "black", 0, DD_SLOT_COLOUR, "black" }, { "negro", 0, DD_SLOT_COLOUR, "black" },
  { "negra", 0, DD_SLOT_COLOUR, "black" }, { "red", 0, DD_SLOT_COLOUR, "red" },
  { "rojo", 0, DD_SLOT_COLOUR, "red" }, { "roja", 0, DD_SLOT_COLOUR, "red" },
  { "blue", 0, DD_SLOT_COLOUR, "blue" }, { "azul", 0, DD_SLOT_COLOUR, "blue" },
  { "navy", 0, DD_SLOT_COLOUR, "navy" }, { "azul marino", 0, DD_SLOT_COLOUR, "navy" },
  { "green", 0, DD_SLOT_COLOUR, "green" }, { "verde", 0, DD_SLOT_COLOUR, "green" },
  { "pink", 0, DD_SLOT_COLOUR, "pink" }, { "rosa", 0, DD_SLOT_COLOUR, "pink" },
  { "rosado", 0, DD_SLOT_COLOUR, "pink" }, { "beige", 0, DD_SLOT_COLOUR, "beige" },
  { "grey", 0, DD_SLOT_COLOUR, "grey" }, { "gray", 0, DD_SLOT_COLOUR, "grey" },
  { "gris", 0, DD_SLOT_COLOUR, "grey" }, { "brown", 0, DD_SLOT_COLOUR, "brown" },
  { "marron", 0, DD_SLOT_COLOUR, "brown" }, { "yellow", 0, DD_SLOT_COLOUR, "yellow" },
  { "amarillo", 0, DD_SLOT_COLOUR, "yellow" }, { "amarilla", 0, DD_SLOT_COLOUR, "yellow" },
  { "purple", 0, DD_SLOT_COLOUR, "purple" }, { "morado", 0, DD_SLOT_COLOUR, "purple" },
  { "lila", 0, DD_SLOT_COLOUR, "purple" }, { "orange", 0, DD_SLOT_COLOUR, "orange" },
  { "naranja", 0, DD_SLOT_COLOUR, "orange" }, { "cream", 0, DD_SLOT_COLOUR, "cream" },
  { "crema", 0, DD_SLOT_COLOUR, "cream" }, { "gold", 0, DD_SLOT_COLOUR, "gold" },
  { "dorado", 0, DD_SLOT_COLOUR, "gold" }, { "silver", 0, DD_SLOT_COLOUR, "silver" },
  { "plateado", 0, DD_SLOT_COLOUR, "silver" },

  /* Quantities said in words. */
  { "one", 0, DD_SLOT_NUMBER, "1" }, { "two", 0, DD_SLOT_NUMBER, "2" },
  { "three", 0, DD_SLOT_NUMBER, "3" }, { "four", 0, DD_SLOT_NUMBER, "4" },
  { "five", 0, DD_SLOT_NUMBER, "5" }, { "uno", 0, DD_SLOT_NUMBER, "1" },
  { "una", 0, DD_SLOT_NUMBER, "1" }, { "dos", 0, DD_SLOT_NUMBER, "2" },
  { "tres", 0, DD_SLOT_NUMBER, "3" }, { "cuatro", 0, DD_SLOT_NUMBER, "4" },
  { "cinco", 0, DD_SLOT_NUMBER, "5" },
};

/* The linear layer: what each feature adds to each output. */
typedef struct
{
  DdFeature feature;
  float     weights[DD_N_OUTPUTS]; /* spam scam toxic size price avail purchase ship */
} FeatureWeights;

static const FeatureWeights feature_weights[] = {
  { DD_FEATURE_SIZE_WORD,              { 0, 0, 0, 2.0f } },
  { DD_FEATURE_SIZE_TOKEN,             { 0, 0, 0, 0.5f } },
  { DD_FEATURE_SIZE_TOKEN_QUESTION,    { 0, 0, 0, 1.3f } },
  { DD_FEATURE_PRICE_STRONG,           { 0, 0, 0, 0, 2.0f } },
  { DD_FEATURE_PRICE_WEAK,             { 0, 0, 0, 0, 0.6f } },
  { DD_FEATURE_PRICE_WEAK_QUESTION,    { 0, 0, 0, 0, 1.4f } },
  { DD_FEATURE_CURRENCY_QUESTION,      { 0, 0, 0, 0, 1.5f } },
  { DD_FEATURE_AVAIL_STRONG,           { 0, 0, 0, 0, 0, 2.4f } },
  { DD_FEATURE_AVAIL_WEAK,             { 0, 0, 0, 0, 0, 1.0f } },
  { DD_FEATURE_SOLD_OUT,               { 0, 0, 0, 0, 0, 2.4f, -3.5f } },
  { DD_FEATURE_PURCHASE,               { 0, 0, 0, 0, 0, 0, 3.0f } },
  { DD_FEATURE_PURCHASE_WEAK,          { 0, 0, 0, 0, 0, 0, 1.5f } },
  { DD_FEATURE_SHIPPING,               { 0, 0, 0, 0, 0, 0, 0, 2.6f } },
  { DD_FEATURE_SHIPPING_WEAK,          { 0, 0, 0, 0, 0, 0, 0, 1.1f } },
  { DD_FEATURE_QUESTION,               { 0, 0, 0, 0.2f, 0.2f, 0.3f, -0.8f, 0.2f } },
  { DD_FEATURE_CHATTER,                { 0, 0, 0, -0.5f, -0.8f, -0.5f, -0.5f, -0.8f } },
  { DD_FEATURE_TIME_QUESTION,          { 0, 0, 0, 0, -2.0f } },
  { DD_FEATURE_NARRATION,              { 0, 0, 0, 0, 0, 0, -3.5f } },

  { DD_FEATURE_FOLLOW_REQUEST,         { 2.0f } },
  { DD_FEATURE_SELF_PROMO,             { 1.6f } },
  { DD_FEATURE_ATTENTION,              { 0.5f } },
  { DD_FEATURE_REPEATED_CHARS,         { 2.0f } },
  { DD_FEATURE_REPEATED_WORDS,         { 2.0f } },
  { DD_FEATURE_EMOJI_WALL,             { 2.0f } },
  { DD_FEATURE_SHOUTING,               { 0.5f } },
  { DD_FEATURE_PROMO_LINK,             { 0.8f, -0.8f } },

  { DD_FEATURE_LINK,                   { 0.2f, 0.2f } },
  { DD_FEATURE_LOOKALIKE,              { 0, 3.0f } },
  { DD_FEATURE_PUNYCODE,               { 0, 2.5f } },
  { DD_FEATURE_HOMOGLYPH_LINK,         { 0, 2.5f } },
  { DD_FEATURE_SHORTENER,              { 0, 0.7f } },
  { DD_FEATURE_SUSPICIOUS_TLD,         { 0, 0.5f } },
  { DD_FEATURE_OFF_APP_LINK,           { 0, 1.0f } },
  { DD_FEATURE_BAIT,                   { 0, 0.4f } },
  { DD_FEATURE_LINK_BAIT,              { 0, 1.6f } },
  { DD_FEATURE_DM,                     { 0, 0.7f } },
  { DD_FEATURE_DEAL,                   { 0, 0.1f } },
  { DD_FEATURE_DM_DEAL,                { 0, 1.2f } },
  { DD_FEATURE_PAY,                    { 0, 0.3f } },
  { DD_FEATURE_PAY_OFF_PLATFORM,       { 0, 1.2f } },
  { DD_FEATURE_CREDENTIALS,            { 0, 0.6f } },
  { DD_FEATURE_CREDENTIALS_BAIT,       { 0, 1.5f } },
  { DD_FEATURE_CRYPTO,                 { 0, 0.6f } },
  { DD_FEATURE_INVEST,                 { 0, 0.4f } },
  { DD_FEATURE_CRYPTO_INVEST,          { 0, 1.2f } },
  { DD_FEATURE_WALLET_ADDRESS,         { 0, 2.0f } },
  { DD_FEATURE_PHONE,                  { 0, 0.5f } },
  { DD_FEATURE_PHONE_DEAL,             { 0, 1.2f } },
  { DD_FEATURE_IMPERSONATION,          { 0, 0.6f } },

  { DD_FEATURE_INSULT_STRONG,          { 0, 0, 1.4f } },
  { DD_FEATURE_INSULT_MILD,            { 0, 0, 0.6f } },
  { DD_FEATURE_INSULT_DIRECTED,        { 0, 0, 0.8f } },
  { DD_FEATURE_THREAT,                 { 0, 0, 2.0f } },
  { DD_FEATURE_SILENCE,                { 0, 0, 1.3f } },
  { DD_FEATURE_DIRECTED,               { 0 } },
  { DD_FEATURE_SHORT,                  { 0 } },
  { DD_FEATURE_OBFUSCATED,             { 0.3f, 0.3f } },
};

G_STATIC_ASSERT (G_N_ELEMENTS (feature_weights) == DD_N_FEATURES);

static const float output_biases[DD_N_OUTPUTS] = { 0 };

/* Brands whose names scammers borrow. The brand's own site is the name
 * followed by a generic or country suffix. */
static const char * const brands[] = {
  "adidas", "aliexpress", "amazon", "apple", "asos", "bershka", "binance",
  "chanel", "coinbase", "dior", "ebay", "etsy", "facebook", "gucci",
  "instagram", "lululemon", "mango", "mastercard", "mercadolibre",
  "mercadopago", "metamask", "netflix", "nike", "paypal", "primark",
  "prada", "puma", "reebok", "samsung", "sephora", "shein", "shopify",
  "steam", "stradivarius", "stripe", "temu", "tiktok", "twitch", "uniqlo",
  "visa", "whatsapp", "youtube", "zalando", "zara",
};

typedef struct
{
  const char *tld;
  gboolean    suspicious;
  gboolean    brand_ok; /* a brand's own site may end in it */
} TldInfo;

static const TldInfo tlds[] = {
  { "com", FALSE, TRUE }, { "net", FALSE, TRUE }, { "org", FALSE, TRUE },
  { "es", FALSE, TRUE }, { "mx", FALSE, TRUE }, { "ar", FALSE, TRUE },
  { "cl", FALSE, TRUE }, { "co", FALSE, TRUE }, { "pe", FALSE, TRUE },
  { "uy", FALSE, TRUE }, { "br", FALSE, TRUE }, { "us", FALSE, TRUE },
  { "ca", FALSE, TRUE }, { "uk", FALSE, TRUE }, { "de", FALSE, TRUE },
  { "fr", FALSE, TRUE }, { "it", FALSE, TRUE }, { "pt", FALSE, TRUE },
  { "nl", FALSE, TRUE }, { "eu", FALSE, TRUE }, { "tv", FALSE, TRUE },
  { "be", FALSE, TRUE }, { "ie", FALSE, TRUE }, { "au", FALSE, TRUE },
  { "io", FALSE, FALSE }, { "me", FALSE, FALSE }, { "ly", FALSE, FALSE },
  { "at", FALSE, FALSE }, { "gl", FALSE, FALSE }, { "gg", FALSE, FALSE },
  { "ee", FALSE, FALSE }, { "cc", FALSE, FALSE }, { "gd", FALSE, FALSE },
  { "gy", FALSE, FALSE }, { "id", FALSE, FALSE }, { "app", FALSE, FALSE },
  { "dev", FALSE, FALSE }, { "biz", TRUE, FALSE }, { "info", TRUE, FALSE },
  { "shop", TRUE, FALSE }, { "store", TRUE, FALSE }, { "top", TRUE, FALSE },
  { "xyz", TRUE, FALSE }, { "click", TRUE, FALSE }, { "win", TRUE, FALSE },
  { "live", TRUE, FALSE }, { "online", TRUE, FALSE }, { "club", TRUE, FALSE },
  { "help", TRUE, FALSE }, { "site", TRUE, FALSE }, { "ru", TRUE, FALSE },
  { "icu", TRUE, FALSE }, { "buzz", TRUE, FALSE }, { "link", TRUE, FALSE },
  { "vip", TRUE, FALSE }, { "sale", TRUE, FALSE }, { "gift", TRUE, FALSE },
  { "work", TRUE, FALSE }, { "rest", TRUE, FALSE }, { "cn", TRUE, FALSE },
  { "tk", TRUE, FALSE }, { "ml", TRUE, FALSE }, { "ga", TRUE, FALSE },
  { "cf", TRUE, FALSE }, { "gq", TRUE, FALSE }, { "pw", TRUE, FALSE },
};

static const char * const second_level[] = {
  "co", "com", "org", "net", "gob", "gov", "edu", "ac",
};

static const char * const shorteners[] = {
  "bit.ly", "tinyurl.com", "shorturl.at", "t.co", "cutt.ly", "is.gd",
  "goo.gl", "ow.ly", "rb.gy", "tiny.cc", "rebrand.ly", "s.id", "t.ly",
  "shorturl.gg", "v.gd",
};

static const char * const off_app_hosts[] = {
  "t.me", "telegram.me", "wa.me", "chat.whatsapp.com", "discord.gg",
};

static GHashTable *lexicon_table;
static char brand_skeletons[G_N_ELEMENTS (brands)][32];

static void
add_key (GHashTable          *table,
         const LexiconSource *source,
         const char          *key,
         gboolean             head_only)
{
  DdLexiconEntry *entry = g_hash_table_lookup (table, key);

  if (entry == NULL)
    {
      entry = g_new0 (DdLexiconEntry, 1);
      entry->key = g_strdup (key);
      g_hash_table_insert (table, (char *) entry->key, entry);
    }
  if (head_only)
    {
      entry->phrase_head = TRUE;
      return;
    }
  entry->features |= source->features;
  if (source->slot != DD_SLOT_NONE)
    {
      entry->slot = source->slot;
      entry->slot_value = source->slot_value;
    }
}

static gpointer
build_tables (gpointer data)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; i < G_N_ELEMENTS (lexicon); i++)
    {
      const char *space = strchr (lexicon[i].key, ' ');

      add_key (table, &lexicon[i], lexicon[i].key, FALSE);
      if (space != NULL)
        {
          g_autofree char *head = g_strndup (lexicon[i].key, space - lexicon[i].key);

          add_key (table, &lexicon[i], head, TRUE);
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (brands); i++)
    _dd_classifier_skeleton (brands[i], brand_skeletons[i], sizeof brand_skeletons[i]);

  /* Built once per process and never freed. */
  lexicon_table = table;

  return NULL;
}

static void
ensure_tables (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_tables, NULL);
}

const DdLexiconEntry *
_dd_classifier_lexicon_lookup (const char *key)
{
  ensure_tables ();

  return g_hash_table_lookup (lexicon_table, key);
}

const float *
_dd_classifier_feature_weights (DdFeature feature)
{
  g_assert (feature_weights[feature].feature == feature);

  return feature_weights[feature].weights;
}

const float *
_dd_classifier_output_biases (void)
{
  return output_biases;
}

/* One substitution, insertion, deletion or swap of neighbours apart. */
static gboolean
within_one_edit (const char *a,
                 gsize       a_len,
                 const char *b,
                 gsize       b_len)
{
  gsize i = 0;

  if (a_len > b_len + 1 || b_len > a_len + 1)
    return FALSE;
  while (i < a_len && i < b_len && a[i] == b[i])
    i++;
  if (i == a_len && i == b_len)
    return TRUE;
  if (a_len == b_len)
    return memcmp (a + i + 1, b + i + 1, a_len - i - 1) == 0 ||
           (i + 1 < a_len && a[i] == b[i + 1] && a[i + 1] == b[i] &&
            memcmp (a + i + 2, b + i + 2, a_len - i - 2) == 0);
  if (a_len > b_len)
    return memcmp (a + i + 1, b + i, b_len - i) == 0;

  return memcmp (a + i, b + i + 1, a_len - i) == 0;
}

gboolean
_dd_classifier_is_brand (const char  *skeleton,
                         gsize        len,
                         gboolean     fuzzy,
                         const char **brand)
{
  ensure_tables ();

  for (gsize i = 0; i < G_N_ELEMENTS (brands); i++)
    {
      const char *b = brand_skeletons[i];
      gsize b_len = strlen (b);

      if ((b_len == len && memcmp (b, skeleton, len) == 0) ||
          (fuzzy && b_len >= 6 && within_one_edit (skeleton, len, b, b_len)))
        {
          *brand = brands[i];
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
in_list (const char         *value,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (value, list[i]) == 0)
      return TRUE;

  return FALSE;
}

gboolean
_dd_classifier_is_shortener (const char *host)
{
  return in_list (host, shorteners, G_N_ELEMENTS (shorteners));
}

gboolean
_dd_classifier_is_off_app_host (const char *host)
{
  return in_list (host, off_app_hosts, G_N_ELEMENTS (off_app_hosts));
}

gboolean
_dd_classifier_is_second_level (const char *label)
{
  return in_list (label, second_level, G_N_ELEMENTS (second_level));
}

gboolean
_dd_classifier_tld_kind (const char *tld,
                         gboolean   *suspicious,
                         gboolean   *brand_ok)
{
  for (gsize i = 0; i < G_N_ELEMENTS (tlds); i++)
    if (strcmp (tld, tlds[i].tld) == 0)
      {
        *suspicious = tlds[i].suspicious;
        *brand_ok = tlds[i].brand_ok;
        return TRUE;
      }

  *suspicious = FALSE;
  *brand_ok = FALSE;

  return FALSE;
}
