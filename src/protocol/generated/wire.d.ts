import * as $protobuf from "protobufjs/minimal.js";
import Long = require("long");

/** Namespace gossip. */
export namespace gossip {

    /** Represents a Gossip */
    class Gossip extends $protobuf.rpc.Service {

        /**
         * Constructs a new Gossip service.
         * @param rpcImpl RPC implementation
         * @param [requestDelimited=false] Whether requests are length-delimited
         * @param [responseDelimited=false] Whether responses are length-delimited
         */
        constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);

        /**
         * Creates new Gossip service using the specified rpc implementation.
         * @param rpcImpl RPC implementation
         * @param [requestDelimited=false] Whether requests are length-delimited
         * @param [responseDelimited=false] Whether responses are length-delimited
         * @returns RPC service. Useful where requests and/or responses are streamed.
         */
        static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): Gossip;

        /** Calls GossipStream. */
        gossipStream: gossip.Gossip.GossipStream;

        /** Calls Ping. */
        ping: gossip.Gossip.Ping;
    }

    namespace Gossip {

        /**
         * Callback as used by {@link gossip.Gossip#gossipStream}.
         * @param error Error, if any
         * @param [response] Envelope
         */
        type GossipStreamCallback = (error: (Error|null), response?: gossip.Envelope) => void;

        /** Calls GossipStream. */
        type GossipStream = {
          (request: gossip.IEnvelope, callback: gossip.Gossip.GossipStreamCallback): void;
          (request: gossip.IEnvelope): Promise<gossip.Envelope>;
          readonly name: "GossipStream";
          readonly path: "/gossip.Gossip/GossipStream";
          readonly requestType: "Envelope";
          readonly responseType: "Envelope";
          readonly requestStream: true;
          readonly responseStream: true;
        };

        /**
         * Callback as used by {@link gossip.Gossip#ping}.
         * @param error Error, if any
         * @param [response] Empty
         */
        type PingCallback = (error: (Error|null), response?: gossip.Empty) => void;

        /** Calls Ping. */
        type Ping = {
          (request: gossip.IEmpty, callback: gossip.Gossip.PingCallback): void;
          (request: gossip.IEmpty): Promise<gossip.Empty>;
          readonly name: "Ping";
          readonly path: "/gossip.Gossip/Ping";
          readonly requestType: "Empty";
          readonly responseType: "Empty";
          readonly requestStream: undefined;
          readonly responseStream: undefined;
        };
    }

    /**
     * Properties of an Envelope.
     * @deprecated Use gossip.Envelope.$Properties instead.
     */
    interface IEnvelope extends gossip.Envelope.$Properties {
    }

    /** Represents an Envelope. */
    class Envelope {

        /**
         * Constructs a new Envelope.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.Envelope.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Envelope payload. */
        payload: Uint8Array;

        /** Envelope signature. */
        signature: Uint8Array;

        /** Envelope secretEnvelope. */
        secretEnvelope?: (gossip.SecretEnvelope.$Properties|null);

        /**
         * Creates a new Envelope instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Envelope instance
         */
        static create(properties: gossip.Envelope.$Shape): gossip.Envelope & gossip.Envelope.$Shape;
        static create(properties?: gossip.Envelope.$Properties): gossip.Envelope;

        /**
         * Encodes the specified Envelope message. Does not implicitly {@link gossip.Envelope.verify|verify} messages.
         * @param m Envelope message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.Envelope.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Envelope message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.Envelope & gossip.Envelope.$Shape} Envelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.Envelope & gossip.Envelope.$Shape;
    }

    namespace Envelope {

        /** Properties of an Envelope. */
        interface $Properties {

            /** Envelope payload */
            payload?: (Uint8Array|null);

            /** Envelope signature */
            signature?: (Uint8Array|null);

            /** Envelope secretEnvelope */
            secretEnvelope?: (gossip.SecretEnvelope.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Envelope. */
        type $Shape = gossip.Envelope.$Properties;
    }

    /**
     * Properties of a SecretEnvelope.
     * @deprecated Use gossip.SecretEnvelope.$Properties instead.
     */
    interface ISecretEnvelope extends gossip.SecretEnvelope.$Properties {
    }

    /** Represents a SecretEnvelope. */
    class SecretEnvelope {

        /**
         * Constructs a new SecretEnvelope.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.SecretEnvelope.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** SecretEnvelope payload. */
        payload: Uint8Array;

        /** SecretEnvelope signature. */
        signature: Uint8Array;

        /**
         * Creates a new SecretEnvelope instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SecretEnvelope instance
         */
        static create(properties: gossip.SecretEnvelope.$Shape): gossip.SecretEnvelope & gossip.SecretEnvelope.$Shape;
        static create(properties?: gossip.SecretEnvelope.$Properties): gossip.SecretEnvelope;

        /**
         * Encodes the specified SecretEnvelope message. Does not implicitly {@link gossip.SecretEnvelope.verify|verify} messages.
         * @param m SecretEnvelope message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.SecretEnvelope.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SecretEnvelope message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.SecretEnvelope & gossip.SecretEnvelope.$Shape} SecretEnvelope
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.SecretEnvelope & gossip.SecretEnvelope.$Shape;
    }

    namespace SecretEnvelope {

        /** Properties of a SecretEnvelope. */
        interface $Properties {

            /** SecretEnvelope payload */
            payload?: (Uint8Array|null);

            /** SecretEnvelope signature */
            signature?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a SecretEnvelope. */
        type $Shape = gossip.SecretEnvelope.$Properties;
    }

    /**
     * Properties of a Secret.
     * @deprecated Use gossip.Secret.$Properties instead.
     */
    interface ISecret extends gossip.Secret.$Properties {
    }

    /** Represents a Secret. */
    class Secret {

        /**
         * Constructs a new Secret.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.Secret.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Secret internalEndpoint. */
        internalEndpoint?: (string|null);

        /** Secret content. */
        content?: "internalEndpoint";

        /**
         * Creates a new Secret instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Secret instance
         */
        static create(properties: gossip.Secret.$Shape): gossip.Secret & gossip.Secret.$Shape;
        static create(properties?: gossip.Secret.$Properties): gossip.Secret;

        /**
         * Encodes the specified Secret message. Does not implicitly {@link gossip.Secret.verify|verify} messages.
         * @param m Secret message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.Secret.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Secret message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.Secret & gossip.Secret.$Shape} Secret
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.Secret & gossip.Secret.$Shape;
    }

    namespace Secret {

        /** Properties of a Secret. */
        interface $Properties {

            /** Secret internalEndpoint */
            internalEndpoint?: (string|null);

            /** Secret content */
            content?: "internalEndpoint";

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Narrowed shape of a Secret. */
        type $Shape = {
          internalEndpoint?: string|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ content?: undefined; internalEndpoint?: null }|{ content?: "internalEndpoint"; internalEndpoint: string })
        );
    }

    /**
     * Properties of a GossipMessage.
     * @deprecated Use gossip.GossipMessage.$Properties instead.
     */
    interface IGossipMessage extends gossip.GossipMessage.$Properties {
    }

    /** Represents a GossipMessage. */
    class GossipMessage {

        /**
         * Constructs a new GossipMessage.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.GossipMessage.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GossipMessage nonce. */
        nonce: Long;

        /** GossipMessage channel. */
        channel: Uint8Array;

        /** GossipMessage tag. */
        tag: gossip.GossipMessage.Tag;

        /** GossipMessage aliveMsg. */
        aliveMsg?: (gossip.AliveMessage.$Properties|null);

        /** GossipMessage memReq. */
        memReq?: (gossip.MembershipRequest.$Properties|null);

        /** GossipMessage memRes. */
        memRes?: (gossip.MembershipResponse.$Properties|null);

        /** GossipMessage hello. */
        hello?: (gossip.GossipHello.$Properties|null);

        /** GossipMessage dataDig. */
        dataDig?: (gossip.DataDigest.$Properties|null);

        /** GossipMessage dataReq. */
        dataReq?: (gossip.DataRequest.$Properties|null);

        /** GossipMessage dataUpdate. */
        dataUpdate?: (gossip.DataUpdate.$Properties|null);

        /** GossipMessage empty. */
        empty?: (gossip.Empty.$Properties|null);

        /** GossipMessage conn. */
        conn?: (gossip.ConnEstablish.$Properties|null);

        /** GossipMessage peerIdentity. */
        peerIdentity?: (gossip.PeerIdentity.$Properties|null);

        /** GossipMessage content. */
        content?: ("aliveMsg"|"memReq"|"memRes"|"hello"|"dataDig"|"dataReq"|"dataUpdate"|"empty"|"conn"|"peerIdentity");

        /**
         * Creates a new GossipMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GossipMessage instance
         */
        static create(properties: gossip.GossipMessage.$Shape): gossip.GossipMessage & gossip.GossipMessage.$Shape;
        static create(properties?: gossip.GossipMessage.$Properties): gossip.GossipMessage;

        /**
         * Encodes the specified GossipMessage message. Does not implicitly {@link gossip.GossipMessage.verify|verify} messages.
         * @param m GossipMessage message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.GossipMessage.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GossipMessage message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.GossipMessage & gossip.GossipMessage.$Shape} GossipMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.GossipMessage & gossip.GossipMessage.$Shape;
    }

    namespace GossipMessage {

        /** Properties of a GossipMessage. */
        interface $Properties {

            /** GossipMessage nonce */
            nonce?: (Long|null);

            /** GossipMessage channel */
            channel?: (Uint8Array|null);

            /** GossipMessage tag */
            tag?: (gossip.GossipMessage.Tag|null);

            /** GossipMessage aliveMsg */
            aliveMsg?: (gossip.AliveMessage.$Properties|null);

            /** GossipMessage memReq */
            memReq?: (gossip.MembershipRequest.$Properties|null);

            /** GossipMessage memRes */
            memRes?: (gossip.MembershipResponse.$Properties|null);

            /** GossipMessage hello */
            hello?: (gossip.GossipHello.$Properties|null);

            /** GossipMessage dataDig */
            dataDig?: (gossip.DataDigest.$Properties|null);

            /** GossipMessage dataReq */
            dataReq?: (gossip.DataRequest.$Properties|null);

            /** GossipMessage dataUpdate */
            dataUpdate?: (gossip.DataUpdate.$Properties|null);

            /** GossipMessage empty */
            empty?: (gossip.Empty.$Properties|null);

            /** GossipMessage conn */
            conn?: (gossip.ConnEstablish.$Properties|null);

            /** GossipMessage peerIdentity */
            peerIdentity?: (gossip.PeerIdentity.$Properties|null);

            /** GossipMessage content */
            content?: ("aliveMsg"|"memReq"|"memRes"|"hello"|"dataDig"|"dataReq"|"dataUpdate"|"empty"|"conn"|"peerIdentity");

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Narrowed shape of a GossipMessage. */
        type $Shape = {
          nonce?: Long|null;
          channel?: Uint8Array|null;
          tag?: gossip.GossipMessage.Tag|null;
          aliveMsg?: gossip.AliveMessage.$Shape|null;
          memReq?: gossip.MembershipRequest.$Shape|null;
          memRes?: gossip.MembershipResponse.$Shape|null;
          hello?: gossip.GossipHello.$Shape|null;
          dataDig?: gossip.DataDigest.$Shape|null;
          dataReq?: gossip.DataRequest.$Shape|null;
          dataUpdate?: gossip.DataUpdate.$Shape|null;
          empty?: gossip.Empty.$Shape|null;
          conn?: gossip.ConnEstablish.$Shape|null;
          peerIdentity?: gossip.PeerIdentity.$Shape|null;
          $unknowns?: Uint8Array[];
        } & (
          ({ content?: undefined; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "aliveMsg"; aliveMsg: gossip.AliveMessage.$Shape; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "memReq"; aliveMsg?: null; memReq: gossip.MembershipRequest.$Shape; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "memRes"; aliveMsg?: null; memReq?: null; memRes: gossip.MembershipResponse.$Shape; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "hello"; aliveMsg?: null; memReq?: null; memRes?: null; hello: gossip.GossipHello.$Shape; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "dataDig"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig: gossip.DataDigest.$Shape; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "dataReq"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq: gossip.DataRequest.$Shape; dataUpdate?: null; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "dataUpdate"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate: gossip.DataUpdate.$Shape; empty?: null; conn?: null; peerIdentity?: null }|{ content?: "empty"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty: gossip.Empty.$Shape; conn?: null; peerIdentity?: null }|{ content?: "conn"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn: gossip.ConnEstablish.$Shape; peerIdentity?: null }|{ content?: "peerIdentity"; aliveMsg?: null; memReq?: null; memRes?: null; hello?: null; dataDig?: null; dataReq?: null; dataUpdate?: null; empty?: null; conn?: null; peerIdentity: gossip.PeerIdentity.$Shape })
        );

        /** Tag enum. */
        enum Tag {

            /** UNDEFINED value */
            UNDEFINED = 0,

            /** EMPTY value */
            EMPTY = 1,

            /** ORG_ONLY value */
            ORG_ONLY = 2,

            /** CHAN_ONLY value */
            CHAN_ONLY = 3,

            /** CHAN_AND_ORG value */
            CHAN_AND_ORG = 4,

            /** CHAN_OR_ORG value */
            CHAN_OR_ORG = 5
        }
    }

    /**
     * Properties of a ConnEstablish.
     * @deprecated Use gossip.ConnEstablish.$Properties instead.
     */
    interface IConnEstablish extends gossip.ConnEstablish.$Properties {
    }

    /** Represents a ConnEstablish. */
    class ConnEstablish {

        /**
         * Constructs a new ConnEstablish.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.ConnEstablish.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ConnEstablish pkiId. */
        pkiId: Uint8Array;

        /** ConnEstablish identity. */
        identity: Uint8Array;

        /** ConnEstablish tlsCertHash. */
        tlsCertHash: Uint8Array;

        /** ConnEstablish probe. */
        probe: boolean;

        /**
         * Creates a new ConnEstablish instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ConnEstablish instance
         */
        static create(properties: gossip.ConnEstablish.$Shape): gossip.ConnEstablish & gossip.ConnEstablish.$Shape;
        static create(properties?: gossip.ConnEstablish.$Properties): gossip.ConnEstablish;

        /**
         * Encodes the specified ConnEstablish message. Does not implicitly {@link gossip.ConnEstablish.verify|verify} messages.
         * @param m ConnEstablish message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.ConnEstablish.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ConnEstablish message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.ConnEstablish & gossip.ConnEstablish.$Shape} ConnEstablish
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.ConnEstablish & gossip.ConnEstablish.$Shape;
    }

    namespace ConnEstablish {

        /** Properties of a ConnEstablish. */
        interface $Properties {

            /** ConnEstablish pkiId */
            pkiId?: (Uint8Array|null);

            /** ConnEstablish identity */
            identity?: (Uint8Array|null);

            /** ConnEstablish tlsCertHash */
            tlsCertHash?: (Uint8Array|null);

            /** ConnEstablish probe */
            probe?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ConnEstablish. */
        type $Shape = gossip.ConnEstablish.$Properties;
    }

    /**
     * Properties of a PeerIdentity.
     * @deprecated Use gossip.PeerIdentity.$Properties instead.
     */
    interface IPeerIdentity extends gossip.PeerIdentity.$Properties {
    }

    /** Represents a PeerIdentity. */
    class PeerIdentity {

        /**
         * Constructs a new PeerIdentity.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.PeerIdentity.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PeerIdentity pkiId. */
        pkiId: Uint8Array;

        /** PeerIdentity cert. */
        cert: Uint8Array;

        /** PeerIdentity metadata. */
        metadata: Uint8Array;

        /**
         * Creates a new PeerIdentity instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PeerIdentity instance
         */
        static create(properties: gossip.PeerIdentity.$Shape): gossip.PeerIdentity & gossip.PeerIdentity.$Shape;
        static create(properties?: gossip.PeerIdentity.$Properties): gossip.PeerIdentity;

        /**
         * Encodes the specified PeerIdentity message. Does not implicitly {@link gossip.PeerIdentity.verify|verify} messages.
         * @param m PeerIdentity message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.PeerIdentity.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PeerIdentity message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.PeerIdentity & gossip.PeerIdentity.$Shape} PeerIdentity
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.PeerIdentity & gossip.PeerIdentity.$Shape;
    }

    namespace PeerIdentity {

        /** Properties of a PeerIdentity. */
        interface $Properties {

            /** PeerIdentity pkiId */
            pkiId?: (Uint8Array|null);

            /** PeerIdentity cert */
            cert?: (Uint8Array|null);

            /** PeerIdentity metadata */
            metadata?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PeerIdentity. */
        type $Shape = gossip.PeerIdentity.$Properties;
    }

    /** PullMsgType enum. */
    enum PullMsgType {

        /** UNDEFINED value */
        UNDEFINED = 0,

        /** BLOCK_MSG value */
        BLOCK_MSG = 1,

        /** IDENTITY_MSG value */
        IDENTITY_MSG = 2
    }

    /**
     * Properties of a GossipHello.
     * @deprecated Use gossip.GossipHello.$Properties instead.
     */
    interface IGossipHello extends gossip.GossipHello.$Properties {
    }

    /** Represents a GossipHello. */
    class GossipHello {

        /**
         * Constructs a new GossipHello.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.GossipHello.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GossipHello nonce. */
        nonce: Long;

        /** GossipHello metadata. */
        metadata: Uint8Array;

        /** GossipHello msgType. */
        msgType: gossip.PullMsgType;

        /**
         * Creates a new GossipHello instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GossipHello instance
         */
        static create(properties: gossip.GossipHello.$Shape): gossip.GossipHello & gossip.GossipHello.$Shape;
        static create(properties?: gossip.GossipHello.$Properties): gossip.GossipHello;

        /**
         * Encodes the specified GossipHello message. Does not implicitly {@link gossip.GossipHello.verify|verify} messages.
         * @param m GossipHello message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.GossipHello.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GossipHello message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.GossipHello & gossip.GossipHello.$Shape} GossipHello
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.GossipHello & gossip.GossipHello.$Shape;
    }

    namespace GossipHello {

        /** Properties of a GossipHello. */
        interface $Properties {

            /** GossipHello nonce */
            nonce?: (Long|null);

            /** GossipHello metadata */
            metadata?: (Uint8Array|null);

            /** GossipHello msgType */
            msgType?: (gossip.PullMsgType|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GossipHello. */
        type $Shape = gossip.GossipHello.$Properties;
    }

    /**
     * Properties of a DataDigest.
     * @deprecated Use gossip.DataDigest.$Properties instead.
     */
    interface IDataDigest extends gossip.DataDigest.$Properties {
    }

    /** Represents a DataDigest. */
    class DataDigest {

        /**
         * Constructs a new DataDigest.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.DataDigest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** DataDigest nonce. */
        nonce: Long;

        /** DataDigest digests. */
        digests: Uint8Array[];

        /** DataDigest msgType. */
        msgType: gossip.PullMsgType;

        /**
         * Creates a new DataDigest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns DataDigest instance
         */
        static create(properties: gossip.DataDigest.$Shape): gossip.DataDigest & gossip.DataDigest.$Shape;
        static create(properties?: gossip.DataDigest.$Properties): gossip.DataDigest;

        /**
         * Encodes the specified DataDigest message. Does not implicitly {@link gossip.DataDigest.verify|verify} messages.
         * @param m DataDigest message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.DataDigest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a DataDigest message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.DataDigest & gossip.DataDigest.$Shape} DataDigest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.DataDigest & gossip.DataDigest.$Shape;
    }

    namespace DataDigest {

        /** Properties of a DataDigest. */
        interface $Properties {

            /** DataDigest nonce */
            nonce?: (Long|null);

            /** DataDigest digests */
            digests?: (Uint8Array[]|null);

            /** DataDigest msgType */
            msgType?: (gossip.PullMsgType|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a DataDigest. */
        type $Shape = gossip.DataDigest.$Properties;
    }

    /**
     * Properties of a DataRequest.
     * @deprecated Use gossip.DataRequest.$Properties instead.
     */
    interface IDataRequest extends gossip.DataRequest.$Properties {
    }

    /** Represents a DataRequest. */
    class DataRequest {

        /**
         * Constructs a new DataRequest.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.DataRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** DataRequest nonce. */
        nonce: Long;

        /** DataRequest digests. */
        digests: Uint8Array[];

        /** DataRequest msgType. */
        msgType: gossip.PullMsgType;

        /**
         * Creates a new DataRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns DataRequest instance
         */
        static create(properties: gossip.DataRequest.$Shape): gossip.DataRequest & gossip.DataRequest.$Shape;
        static create(properties?: gossip.DataRequest.$Properties): gossip.DataRequest;

        /**
         * Encodes the specified DataRequest message. Does not implicitly {@link gossip.DataRequest.verify|verify} messages.
         * @param m DataRequest message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.DataRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a DataRequest message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.DataRequest & gossip.DataRequest.$Shape} DataRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.DataRequest & gossip.DataRequest.$Shape;
    }

    namespace DataRequest {

        /** Properties of a DataRequest. */
        interface $Properties {

            /** DataRequest nonce */
            nonce?: (Long|null);

            /** DataRequest digests */
            digests?: (Uint8Array[]|null);

            /** DataRequest msgType */
            msgType?: (gossip.PullMsgType|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a DataRequest. */
        type $Shape = gossip.DataRequest.$Properties;
    }

    /**
     * Properties of a DataUpdate.
     * @deprecated Use gossip.DataUpdate.$Properties instead.
     */
    interface IDataUpdate extends gossip.DataUpdate.$Properties {
    }

    /** Represents a DataUpdate. */
    class DataUpdate {

        /**
         * Constructs a new DataUpdate.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.DataUpdate.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** DataUpdate nonce. */
        nonce: Long;

        /** DataUpdate data. */
        data: gossip.Envelope.$Properties[];

        /** DataUpdate msgType. */
        msgType: gossip.PullMsgType;

        /**
         * Creates a new DataUpdate instance using the specified properties.
         * @param [properties] Properties to set
         * @returns DataUpdate instance
         */
        static create(properties: gossip.DataUpdate.$Shape): gossip.DataUpdate & gossip.DataUpdate.$Shape;
        static create(properties?: gossip.DataUpdate.$Properties): gossip.DataUpdate;

        /**
         * Encodes the specified DataUpdate message. Does not implicitly {@link gossip.DataUpdate.verify|verify} messages.
         * @param m DataUpdate message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.DataUpdate.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a DataUpdate message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.DataUpdate & gossip.DataUpdate.$Shape} DataUpdate
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.DataUpdate & gossip.DataUpdate.$Shape;
    }

    namespace DataUpdate {

        /** Properties of a DataUpdate. */
        interface $Properties {

            /** DataUpdate nonce */
            nonce?: (Long|null);

            /** DataUpdate data */
            data?: (gossip.Envelope.$Properties[]|null);

            /** DataUpdate msgType */
            msgType?: (gossip.PullMsgType|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a DataUpdate. */
        type $Shape = gossip.DataUpdate.$Properties;
    }

    /**
     * Properties of an AliveMessage.
     * @deprecated Use gossip.AliveMessage.$Properties instead.
     */
    interface IAliveMessage extends gossip.AliveMessage.$Properties {
    }

    /** Represents an AliveMessage. */
    class AliveMessage {

        /**
         * Constructs a new AliveMessage.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.AliveMessage.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** AliveMessage membership. */
        membership?: (gossip.Member.$Properties|null);

        /** AliveMessage timestamp. */
        timestamp?: (gossip.PeerTime.$Properties|null);

        /** AliveMessage identity. */
        identity: Uint8Array;

        /**
         * Creates a new AliveMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns AliveMessage instance
         */
        static create(properties: gossip.AliveMessage.$Shape): gossip.AliveMessage & gossip.AliveMessage.$Shape;
        static create(properties?: gossip.AliveMessage.$Properties): gossip.AliveMessage;

        /**
         * Encodes the specified AliveMessage message. Does not implicitly {@link gossip.AliveMessage.verify|verify} messages.
         * @param m AliveMessage message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.AliveMessage.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an AliveMessage message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.AliveMessage & gossip.AliveMessage.$Shape} AliveMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.AliveMessage & gossip.AliveMessage.$Shape;
    }

    namespace AliveMessage {

        /** Properties of an AliveMessage. */
        interface $Properties {

            /** AliveMessage membership */
            membership?: (gossip.Member.$Properties|null);

            /** AliveMessage timestamp */
            timestamp?: (gossip.PeerTime.$Properties|null);

            /** AliveMessage identity */
            identity?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an AliveMessage. */
        type $Shape = gossip.AliveMessage.$Properties;
    }

    /**
     * Properties of a PeerTime.
     * @deprecated Use gossip.PeerTime.$Properties instead.
     */
    interface IPeerTime extends gossip.PeerTime.$Properties {
    }

    /** Represents a PeerTime. */
    class PeerTime {

        /**
         * Constructs a new PeerTime.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.PeerTime.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PeerTime incNum. */
        incNum: Long;

        /** PeerTime seqNum. */
        seqNum: Long;

        /**
         * Creates a new PeerTime instance using the specified properties.
         * @param [properties] Properties to set
         * @returns PeerTime instance
         */
        static create(properties: gossip.PeerTime.$Shape): gossip.PeerTime & gossip.PeerTime.$Shape;
        static create(properties?: gossip.PeerTime.$Properties): gossip.PeerTime;

        /**
         * Encodes the specified PeerTime message. Does not implicitly {@link gossip.PeerTime.verify|verify} messages.
         * @param m PeerTime message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.PeerTime.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PeerTime message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.PeerTime & gossip.PeerTime.$Shape} PeerTime
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.PeerTime & gossip.PeerTime.$Shape;
    }

    namespace PeerTime {

        /** Properties of a PeerTime. */
        interface $Properties {

            /** PeerTime incNum */
            incNum?: (Long|null);

            /** PeerTime seqNum */
            seqNum?: (Long|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PeerTime. */
        type $Shape = gossip.PeerTime.$Properties;
    }

    /**
     * Properties of a MembershipRequest.
     * @deprecated Use gossip.MembershipRequest.$Properties instead.
     */
    interface IMembershipRequest extends gossip.MembershipRequest.$Properties {
    }

    /** Represents a MembershipRequest. */
    class MembershipRequest {

        /**
         * Constructs a new MembershipRequest.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.MembershipRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** MembershipRequest selfInformation. */
        selfInformation?: (gossip.Envelope.$Properties|null);

        /** MembershipRequest known. */
        known: Uint8Array[];

        /**
         * Creates a new MembershipRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns MembershipRequest instance
         */
        static create(properties: gossip.MembershipRequest.$Shape): gossip.MembershipRequest & gossip.MembershipRequest.$Shape;
        static create(properties?: gossip.MembershipRequest.$Properties): gossip.MembershipRequest;

        /**
         * Encodes the specified MembershipRequest message. Does not implicitly {@link gossip.MembershipRequest.verify|verify} messages.
         * @param m MembershipRequest message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.MembershipRequest.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a MembershipRequest message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.MembershipRequest & gossip.MembershipRequest.$Shape} MembershipRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.MembershipRequest & gossip.MembershipRequest.$Shape;
    }

    namespace MembershipRequest {

        /** Properties of a MembershipRequest. */
        interface $Properties {

            /** MembershipRequest selfInformation */
            selfInformation?: (gossip.Envelope.$Properties|null);

            /** MembershipRequest known */
            known?: (Uint8Array[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a MembershipRequest. */
        type $Shape = gossip.MembershipRequest.$Properties;
    }

    /**
     * Properties of a MembershipResponse.
     * @deprecated Use gossip.MembershipResponse.$Properties instead.
     */
    interface IMembershipResponse extends gossip.MembershipResponse.$Properties {
    }

    /** Represents a MembershipResponse. */
    class MembershipResponse {

        /**
         * Constructs a new MembershipResponse.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.MembershipResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** MembershipResponse alive. */
        alive: gossip.Envelope.$Properties[];

        /** MembershipResponse dead. */
        dead: gossip.Envelope.$Properties[];

        /**
         * Creates a new MembershipResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns MembershipResponse instance
         */
        static create(properties: gossip.MembershipResponse.$Shape): gossip.MembershipResponse & gossip.MembershipResponse.$Shape;
        static create(properties?: gossip.MembershipResponse.$Properties): gossip.MembershipResponse;

        /**
         * Encodes the specified MembershipResponse message. Does not implicitly {@link gossip.MembershipResponse.verify|verify} messages.
         * @param m MembershipResponse message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.MembershipResponse.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a MembershipResponse message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.MembershipResponse & gossip.MembershipResponse.$Shape} MembershipResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.MembershipResponse & gossip.MembershipResponse.$Shape;
    }

    namespace MembershipResponse {

        /** Properties of a MembershipResponse. */
        interface $Properties {

            /** MembershipResponse alive */
            alive?: (gossip.Envelope.$Properties[]|null);

            /** MembershipResponse dead */
            dead?: (gossip.Envelope.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a MembershipResponse. */
        type $Shape = gossip.MembershipResponse.$Properties;
    }

    /**
     * Properties of a Member.
     * @deprecated Use gossip.Member.$Properties instead.
     */
    interface IMember extends gossip.Member.$Properties {
    }

    /** Represents a Member. */
    class Member {

        /**
         * Constructs a new Member.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.Member.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Member endpoint. */
        endpoint: string;

        /** Member metadata. */
        metadata: Uint8Array;

        /** Member pkiId. */
        pkiId: Uint8Array;

        /**
         * Creates a new Member instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Member instance
         */
        static create(properties: gossip.Member.$Shape): gossip.Member & gossip.Member.$Shape;
        static create(properties?: gossip.Member.$Properties): gossip.Member;

        /**
         * Encodes the specified Member message. Does not implicitly {@link gossip.Member.verify|verify} messages.
         * @param m Member message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.Member.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Member message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.Member & gossip.Member.$Shape} Member
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.Member & gossip.Member.$Shape;
    }

    namespace Member {

        /** Properties of a Member. */
        interface $Properties {

            /** Member endpoint */
            endpoint?: (string|null);

            /** Member metadata */
            metadata?: (Uint8Array|null);

            /** Member pkiId */
            pkiId?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Member. */
        type $Shape = gossip.Member.$Properties;
    }

    /**
     * Properties of an Empty.
     * @deprecated Use gossip.Empty.$Properties instead.
     */
    interface IEmpty extends gossip.Empty.$Properties {
    }

    /** Represents an Empty. */
    class Empty {

        /**
         * Constructs a new Empty.
         * @param [p] Properties to set
         */
        constructor(p?: gossip.Empty.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /**
         * Creates a new Empty instance using the specified properties.
         * @param [properties] Properties to set
         * @returns Empty instance
         */
        static create(properties: gossip.Empty.$Shape): gossip.Empty & gossip.Empty.$Shape;
        static create(properties?: gossip.Empty.$Properties): gossip.Empty;

        /**
         * Encodes the specified Empty message. Does not implicitly {@link gossip.Empty.verify|verify} messages.
         * @param m Empty message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: gossip.Empty.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an Empty message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {gossip.Empty & gossip.Empty.$Shape} Empty
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): gossip.Empty & gossip.Empty.$Shape;
    }

    namespace Empty {

        /** Properties of an Empty. */
        interface $Properties {

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an Empty. */
        type $Shape = gossip.Empty.$Properties;
    }
}

/** Namespace msp. */
export namespace msp {

    /**
     * Properties of a SerializedIdentity.
     * @deprecated Use msp.SerializedIdentity.$Properties instead.
     */
    interface ISerializedIdentity extends msp.SerializedIdentity.$Properties {
    }

    /** Represents a SerializedIdentity. */
    class SerializedIdentity {

        /**
         * Constructs a new SerializedIdentity.
         * @param [p] Properties to set
         */
        constructor(p?: msp.SerializedIdentity.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** SerializedIdentity mspid. */
        mspid: string;

        /** SerializedIdentity idBytes. */
        idBytes: Uint8Array;

        /**
         * Creates a new SerializedIdentity instance using the specified properties.
         * @param [properties] Properties to set
         * @returns SerializedIdentity instance
         */
        static create(properties: msp.SerializedIdentity.$Shape): msp.SerializedIdentity & msp.SerializedIdentity.$Shape;
        static create(properties?: msp.SerializedIdentity.$Properties): msp.SerializedIdentity;

        /**
         * Encodes the specified SerializedIdentity message. Does not implicitly {@link msp.SerializedIdentity.verify|verify} messages.
         * @param m SerializedIdentity message or plain object to encode
         * @param [w] Writer to encode to
         * @returns Writer
         */
        static encode(m: msp.SerializedIdentity.$Properties, w?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SerializedIdentity message from the specified reader or buffer.
         * @param r Reader or buffer to decode from
         * @param [l] Message length if known beforehand
         * @returns {msp.SerializedIdentity & msp.SerializedIdentity.$Shape} SerializedIdentity
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(r: ($protobuf.Reader|Uint8Array), l?: number): msp.SerializedIdentity & msp.SerializedIdentity.$Shape;
    }

    namespace SerializedIdentity {

        /** Properties of a SerializedIdentity. */
        interface $Properties {

            /** SerializedIdentity mspid */
            mspid?: (string|null);

            /** SerializedIdentity idBytes */
            idBytes?: (Uint8Array|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a SerializedIdentity. */
        type $Shape = msp.SerializedIdentity.$Properties;
    }
}
