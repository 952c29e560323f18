import { Link, Text } from "@shopify/polaris";

// A variant's name linking to its page: the product title, then the variant's, quieter. An alert
// can outlive its variant, hence the fallback.
export function VariantLink(props: {
  variantId: string;
  productTitle: string | null;
  variantTitle: string | null;
  dataPrimaryLink?: boolean; // the row's link in an IndexTable: clicking the row follows it
}) {
  return (
    <Link
      url={`/app/variants/${props.variantId}`}
      removeUnderline
      monochrome
      dataPrimaryLink={props.dataPrimaryLink}
    >
      <Text as="span" fontWeight="semibold">
        {props.productTitle ?? "Deleted variant"}
      </Text>{" "}
      <Text as="span" tone="subdued">
        {props.variantTitle ?? ""}
      </Text>
    </Link>
  );
}
