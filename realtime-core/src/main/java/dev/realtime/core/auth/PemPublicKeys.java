package dev.realtime.core.auth;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** Reads a public key from PEM text: a {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or a {@code CERTIFICATE}. */
final class PemPublicKeys {
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA");

    private PemPublicKeys() {
    }

    /** @throws IllegalArgumentException with a message saying what was wrong (never echoing the text) */
    static PublicKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("public key PEM is empty");
        }
        String type = blockType(pem);
        byte[] der = body(pem, type);
        return switch (type) {
            case "PUBLIC KEY" -> fromSubjectPublicKeyInfo(der);
            case "CERTIFICATE" -> fromCertificate(der);
            case "RSA PUBLIC KEY" -> throw new IllegalArgumentException(
                    "PKCS#1 'RSA PUBLIC KEY' PEM is not supported; use the X.509 'PUBLIC KEY' form "
                            + "(openssl rsa -RSAPublicKey_in -pubout)");
            default -> {
                if (type.contains("PRIVATE")) {
                    throw new IllegalArgumentException(
                            "a private key was given; configure the public key ('BEGIN PUBLIC KEY') instead");
                }
                throw new IllegalArgumentException("unsupported PEM block '" + type
                        + "'; expected 'PUBLIC KEY' or 'CERTIFICATE'");
            }
        };
    }

    private static String blockType(String pem) {
        int begin = pem.indexOf("-----BEGIN ");
        int end = begin < 0 ? -1 : pem.indexOf("-----", begin + 11);
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("not PEM text: no '-----BEGIN ...-----' line");
        }
        return pem.substring(begin + 11, end).trim().toUpperCase(Locale.ROOT);
    }

    private static byte[] body(String pem, String type) {
        String beginMarker = "-----BEGIN " + type + "-----";
        String endMarker = "-----END " + type + "-----";
        int start = pem.toUpperCase(Locale.ROOT).indexOf(beginMarker) + beginMarker.length();
        int stop = pem.toUpperCase(Locale.ROOT).indexOf(endMarker, start);
        if (stop < 0) {
            throw new IllegalArgumentException("PEM block '" + type + "' has no END line");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(start, stop));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM block '" + type + "' is not valid base64", e);
        }
    }

    private static PublicKey fromSubjectPublicKeyInfo(byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException notThisAlgorithm) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("PEM public key is not an RSA, EC or EdDSA key");
    }

    private static PublicKey fromCertificate(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("PEM certificate cannot be read", e);
        }
    }
}
