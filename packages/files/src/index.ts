// @zhanqian/files: uploaded evidence and attachments (data/ by default, S3-compatible at scale).
export {};
