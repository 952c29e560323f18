// Settings: the shop's alert policy (every field of domain/settings.ts shopSettingsSchema, with
// inline errors), its notification channels (add, edit, remove, send a test alert and see the
// answer) and the time zone every schedule uses.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { db, requireShop } from "../dashboard/context.server.ts";
import { saveShopSettings } from "../dashboard/settings.server.ts";
import {
  channelKinds,
  deleteChannel,
  listChannels,
  saveChannelForm,
} from "../dashboard/channels.server.ts";
import { testAlert } from "../alerts/test-alert.server.ts";
import { services } from "../services.server.ts";
import { ChannelList } from "../components/ChannelList.tsx";
import { Facts } from "../components/Facts.tsx";
import { RouteError } from "../components/RouteError.tsx";
import { ShopSettingsForm } from "../components/ShopSettingsForm.tsx";

export async function loader({ request }: LoaderFunctionArgs) {
  const shop = await requireShop(request);
  return {
    settings: shop.settings,
    channels: await listChannels(db(), shop.id),
    kinds: channelKinds(),
    shop: {
      domain: shop.domain,
      name: shop.name,
      timezone: shop.timezone,
      currency: shop.currency,
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const shop = await requireShop(request);
  const form = await request.formData();
  const intent = String(form.get("_intent") ?? "");
  const id = Number(form.get("id"));
  switch (intent) {
    case "settings": {
      const r = await saveShopSettings(db(), shop.id, shop.settings, form);
      return r.ok ? { intent, ok: true } : { intent, ok: false, errors: r.errors };
    }
    case "channel-save": {
      const r = await saveChannelForm(db(), services().box, shop.id, form);
      return r.ok ? { intent, ok: true } : { intent, ok: false, errors: r.errors };
    }
    case "channel-delete":
      return { intent, ok: Number.isInteger(id) && (await deleteChannel(db(), shop.id, id)) };
    case "channel-test": {
      if (!Number.isInteger(id))
        return { intent, ok: false, result: { ok: false, error: "unknown channel" } };
      // The channel must be this shop's: the worker job trusts the ids it is given.
      const { rows } = await db().query(`SELECT 1 FROM channels WHERE shop_id = $1 AND id = $2`, [
        shop.id,
        id,
      ]);
      if (!rows[0]) return { intent, ok: false, result: { ok: false, error: "unknown channel" } };
      return { intent, ok: true, result: await testAlert(shop.id, id) };
    }
    default:
      return { intent, ok: false, errors: { _form: "Unknown action" } };
  }
}

export default function Settings() {
  const { settings, channels, kinds, shop } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t("nav.settings")}>
      <Layout>
        <Layout.AnnotatedSection
          title={t("settings.policy")}
          description={t("settings.policyHelp")}
        >
          <ShopSettingsForm settings={settings} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={t("channels.title")}
          description={t("settings.channelsHelp")}
        >
          <ChannelList channels={channels} kinds={kinds} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.shop")} description={t("settings.shopHelp")}>
          <Card>
            <BlockStack gap="200">
              <Facts
                items={[
                  { term: t("sheets.header.shop"), description: shop.name ?? shop.domain },
                  { term: t("settings.timeZone"), description: shop.timezone },
                  { term: t("sheets.header.currency"), description: shop.currency },
                ]}
              />
              <Text as="p" variant="bodySm" tone="subdued">
                {t("settings.shopChange")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Settings" />;
}
