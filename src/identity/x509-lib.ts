// The one place that loads @peculiar/x509. That library resolves its services through
// tsyringe, which needs the Reflect metadata polyfill loaded first; importing it here,
// before the library, keeps that ordering in one spot.
import "reflect-metadata";

export * from "@peculiar/x509";
